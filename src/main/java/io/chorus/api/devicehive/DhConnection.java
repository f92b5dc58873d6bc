package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.transport.OffLoop;
import io.vertx.core.http.ServerWebSocket;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * One DeviceHive WebSocket: requests are answered one after the other, in order (each runs off the event loop), and
 * the session remembers who authenticated. State is touched on the connection's event loop only, except the
 * principal, which a running request may set.
 */
final class DhConnection {
    /** Requests waiting behind the running one; a client that queues more is disconnected. */
    static final int MAX_PENDING = 256;

    private final ServerWebSocket ws;
    private final DhActions actions;
    private final DhJson json;
    private final Executor blocking;
    private final ArrayDeque<ObjectNode> pending = new ArrayDeque<>();
    private volatile DhPrincipal principal;
    private boolean busy;

    DhConnection(ServerWebSocket ws, DhActions actions, DhJson json, Executor blocking) {
        this.ws = ws;
        this.actions = actions;
        this.json = json;
        this.blocking = blocking;
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(b -> ws.writeTextMessage(actions.malformed().toString()));
    }

    DhPrincipal principal() { return principal; }

    void authenticated(DhPrincipal p) { this.principal = p; }

    String host() { return ws.headers().get("Host"); }

    private void onText(String text) {
        JsonNode parsed;
        try {
            parsed = json.mapper.readTree(text);
        } catch (java.io.IOException e) {
            parsed = null;
        }
        if (!(parsed instanceof ObjectNode request)) {
            ws.writeTextMessage(actions.malformed().toString());
            return;
        }
        if (pending.size() >= MAX_PENDING) {
            ws.close((short) 1008, "too many requests in flight");
            return;
        }
        pending.add(request);
        next();
    }

    private void next() {
        if (busy || pending.isEmpty()) return;
        busy = true;
        ObjectNode request = pending.poll();
        OffLoop.call(blocking, () -> actions.handle(new DhRequest(request, this))).onComplete(ar -> {
            busy = false;
            if (ar.succeeded() && !ws.isClosed()) ws.writeTextMessage(ar.result().toString());
            next();
        });
    }
}
