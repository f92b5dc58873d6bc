package io.chorus.api.diode.jsonrpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON-RPC error object. The code is an integer, as the spec requires (Diode v3.4 sends strings); {@code data}
 * keeps Diode's shape {@code {error, details, api_version}}.
 */
public record JsonRpcError(int code, String message, String atom, String details) {
    public static final String API_VERSION = "3.4";

    public static JsonRpcError parseError(String details) { return new JsonRpcError(-32700, "Parse error", "parse_error", details); }

    public static JsonRpcError invalidRequest(String details) {
        return new JsonRpcError(-32600, "Invalid Request", "invalid_request", details);
    }

    public static JsonRpcError methodNotFound(String method) {
        return new JsonRpcError(-32601, "Method not found", "method_not_found", "no method named " + method);
    }

    public static JsonRpcError methodNotAllowedHere(String method, String transport) {
        return new JsonRpcError(-32601, "Method not found", "method_not_available",
                method + " is only available over WebSocket, not " + transport);
    }

    public static JsonRpcError invalidParams(String atom, String details) { return new JsonRpcError(-32602, "Invalid params", atom, details); }

    public static JsonRpcError internal(String atom, String details) { return new JsonRpcError(-32603, "Internal error", atom, details); }

    public static JsonRpcError notAuthenticated() {
        return new JsonRpcError(-32001, "Not authenticated", "not_authenticated", "call authenticate first");
    }

    public static JsonRpcError server(int code, String message, String atom, String details) {
        return new JsonRpcError(code, message, atom, details);
    }

    public ObjectNode toJson(ObjectMapper m) {
        ObjectNode o = m.createObjectNode();
        o.put("code", code);
        o.put("message", message);
        ObjectNode data = o.putObject("data");
        data.put("error", atom);
        data.put("details", details);
        data.put("api_version", API_VERSION);
        return o;
    }
}
