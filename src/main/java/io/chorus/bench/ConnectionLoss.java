package io.chorus.bench;

import io.vertx.core.http.WebSocket;

import java.util.function.Consumer;

/**
 * Tells a run, once, that one of its connections ended, with the reason (a slow consumer dropped by the server, a
 * server going down). Without it a dropped subscriber shows only as deliveries that stop. A run writes its counts
 * before it closes its own connections, so those ends are not counted.
 */
final class ConnectionLoss {
    private volatile Consumer<String> handler = reason -> {};
    private boolean reported;

    void onLost(Consumer<String> handler) { this.handler = handler; }

    /** The connection ended; reported unless it was already. */
    synchronized void ended(String reason) {
        if (reported) return;
        reported = true;
        handler.accept(reason);
    }

    /** A WebSocket's close code and reason, as the server sent them. */
    static String reason(WebSocket ws) {
        Short code = ws.closeStatusCode();
        if (code == null) return "closed without a close frame";
        String text = ws.closeReason();
        return text == null || text.isEmpty() ? String.valueOf(code) : code + " " + text;
    }
}
