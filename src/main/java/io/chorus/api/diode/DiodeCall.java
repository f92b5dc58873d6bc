package io.chorus.api.diode;

import io.chorus.core.User;

import java.util.ArrayList;
import java.util.List;

/**
 * One remote API call in progress: who makes it, over which transport, and what must happen on the connection's
 * loop right after the reply is written (for example replaying missed messages after "Subscribed").
 */
final class DiodeCall {
    private final User user;
    private final DiodeWebSocketSession session;
    private final List<Runnable> afterReply = new ArrayList<>();
    private volatile Runnable onSubmitted;

    DiodeCall(User user, DiodeWebSocketSession session) {
        this.user = user;
        this.session = session;
    }

    /** The authenticated user: fixed over HTTP, the session's current one over WebSocket (null before). */
    User user() { return session != null ? session.user() : user; }

    /** The WebSocket session, or null for HTTP. */
    DiodeWebSocketSession session() { return session; }

    boolean overWebSocket() { return session != null; }

    synchronized void afterReply(Runnable r) { afterReply.add(r); }

    /** Set by a WebSocket session that pipelines: run once this call has taken its place in the commit order. */
    void onSubmitted(Runnable r) { onSubmitted = r; }

    /** Called by a handler once the order-sensitive part of its work is done (it may still wait for durability). */
    void submitted() {
        Runnable r = onSubmitted;
        onSubmitted = null;
        if (r != null) r.run();
    }

    synchronized List<Runnable> takeAfterReply() {
        List<Runnable> out = List.copyOf(afterReply);
        afterReply.clear();
        return out;
    }
}
