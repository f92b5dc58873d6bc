package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.ChorusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The WebSocket API's action table and its envelope: {@code {action, requestId, status:"success", ...payload}}, or
 * {@code {action, requestId, code, status:"error", error}} with the reference's codes and texts. A request without
 * a requestId is answered with {@code "requestId":null}, as the reference does.
 */
final class DhActions {
    private static final Logger LOG = LoggerFactory.getLogger(DhActions.class);

    /** One action: returns the payload fields to merge into the reply (null for none). Blocking allowed. */
    @FunctionalInterface
    interface Handler { ObjectNode handle(DhRequest request); }

    private final Map<String, Handler> handlers = new HashMap<>();
    private final DhJson json;

    DhActions(DhJson json) { this.json = json; }

    DhActions on(String action, Handler handler) {
        handlers.put(action, handler);
        return this;
    }

    ObjectNode handle(DhRequest request) {
        String action = request.body.path("action").isTextual() ? request.body.get("action").asText() : null;
        JsonNode requestId = request.body.get("requestId");
        ObjectNode out = json.object().put("action", action);
        out.set("requestId", requestId == null ? json.mapper.nullNode() : requestId);
        try {
            Handler h = action == null ? null : handlers.get(action);
            if (h == null) throw DhError.badRequest("Illegal argument: " + action);
            ObjectNode payload = h.handle(request);
            out.put("status", "success");
            if (payload != null) out.setAll(payload);
        } catch (DhError e) {
            error(out, e.code(), e.getMessage());
        } catch (ChorusException e) {
            int code = switch (e.kind()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                // The reference refuses duplicates (a taken login, network or device type name) as not allowed.
                case FORBIDDEN, CONFLICT -> 403;
                case LIMITED -> 429;
                case UNAVAILABLE -> 503;
            };
            error(out, code, e.details());
        } catch (RuntimeException e) {
            LOG.error("DeviceHive action {} failed", action, e);
            error(out, 500, "Internal server error");
        }
        return out;
    }

    private static void error(ObjectNode out, int code, String message) {
        out.put("code", code).put("status", "error").put("error", message);
    }

    /** The reply to text that is not a JSON object. */
    ObjectNode malformed() {
        return json.object().put("code", 400).put("status", "error").put("error", "Malformed Json received.");
    }
}
