package io.chorus.api.diode;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.diode.jsonrpc.Params;

import java.util.List;

/**
 * A remote API method: its name, the names its by-position (legacy) params map to, whether it needs the WebSocket
 * transport, and its handler. Handlers block (they run on virtual threads) and return the JSON-RPC result.
 */
record DiodeMethod(String name, List<String> positional, boolean webSocketOnly, Handler handler) {

    @FunctionalInterface
    interface Handler {
        JsonNode handle(DiodeCall call, Params params) throws Exception;
    }
}
