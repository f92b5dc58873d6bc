package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One request: its JSON, the connection's state (who is authenticated), and typed access to its parameters with
 * the reference's 400 errors for wrong types.
 */
final class DhRequest {
    final ObjectNode body;
    final DhCaller connection;
    private final java.util.List<Runnable> afterReply = new java.util.ArrayList<>();

    DhRequest(ObjectNode body, DhCaller connection) {
        this.body = body;
        this.connection = connection;
    }

    /** The WebSocket this request came on: subscriptions exist only there. */
    DhConnection socket() {
        if (connection instanceof DhConnection c) return c;
        throw DhError.badRequest("Subscriptions need the WebSocket API");
    }

    /** Runs on the connection's loop once the reply is written (a subscription's backlog follows its reply). */
    void afterReply(Runnable task) { afterReply.add(task); }

    java.util.List<Runnable> afterReply() { return afterReply; }

    /** The caller, who must be authenticated and hold {@code permission}: 401 "Unauthorized" / 403 otherwise. */
    DhPrincipal require(DhPermission permission) {
        DhPrincipal p = connection.principal();
        if (p == null) throw new DhError(401, "Unauthorized");
        if (!p.permissions().contains(permission)) throw DhError.denied();
        return p;
    }

    JsonNode get(String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v;
    }

    String text(String field) {
        JsonNode v = get(field);
        if (v == null) return null;
        if (!v.isValueNode()) throw DhError.badRequest("Invalid request parameters");
        return v.asText();
    }

    ObjectNode object(String field) {
        JsonNode v = get(field);
        if (v == null) return null;
        if (!v.isObject()) throw DhError.badRequest("Invalid request parameters");
        return (ObjectNode) v;
    }

    /** A numeric id; {@code what} names it in the error ("Network id is wrong or empty"). */
    Long id(String field, String what) {
        JsonNode v = get(field);
        if (v == null) return null;
        if (v.canConvertToLong() && v.isIntegralNumber()) return v.asLong();
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                throw DhError.badRequest(what + " id is wrong or empty");
            }
        }
        throw DhError.badRequest(what + " id is wrong or empty");
    }

    long requiredId(String field, String what) {
        Long id = id(field, what);
        if (id == null) throw DhError.badRequest(what + " id is wrong or empty");
        return id;
    }

    int intOr(String field, int fallback) {
        JsonNode v = get(field);
        if (v == null) return fallback;
        if (v.isIntegralNumber()) return v.asInt();
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.asText().trim());
            } catch (NumberFormatException e) {
                throw DhError.badRequest("Invalid request parameters");
            }
        }
        throw DhError.badRequest("Invalid request parameters");
    }

    boolean bool(String field, boolean fallback) {
        JsonNode v = get(field);
        if (v == null) return fallback;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw DhError.badRequest("Invalid request parameters");
    }
}
