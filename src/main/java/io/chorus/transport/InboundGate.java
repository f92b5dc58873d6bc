package io.chorus.transport;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * What a connection has read, handed to its handler in arrival order, with pause and resume. While paused, items
 * already read (a read under way completes after the socket stops reading) wait here, and any that arrive behind
 * them queue up too. The handler may pause or resume while it runs, so delivery can be re-entered: only the
 * outermost call delivers, which keeps the order. Used on the connection's event loop only.
 */
final class InboundGate<T> {
    private final Consumer<T> handler;
    private final Consumer<T> discard;
    /** Made on first use: most connections never pause. */
    private ArrayDeque<T> held;
    private boolean paused;
    private boolean delivering;

    InboundGate(Consumer<T> handler, Consumer<T> discard) {
        this.handler = handler;
        this.discard = discard;
    }

    void offer(T item) {
        if (!paused && (held == null || held.isEmpty())) {
            handler.accept(item);
            return;
        }
        if (held == null) held = new ArrayDeque<>(4);
        held.add(item);
        deliverHeld();
    }

    void pause() { paused = true; }

    /** Delivers what waited; returns whether the gate is still open afterwards (a handler may have paused it). */
    boolean resume() {
        paused = false;
        deliverHeld();
        return !paused;
    }

    /** Drops (and releases) whatever waits: the connection is closing. */
    void clear() {
        if (held == null) return;
        for (T item : held) discard.accept(item);
        held.clear();
    }

    private void deliverHeld() {
        if (delivering || held == null) return;
        delivering = true;
        try {
            while (!paused && !held.isEmpty()) handler.accept(held.poll());
        } finally {
            delivering = false;
        }
    }
}
