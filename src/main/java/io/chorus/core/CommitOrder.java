package io.chorus.core;

import java.util.function.Supplier;

/**
 * Tells a caller when its write has taken its place in the store's commit order, before that write is durable.
 * A connection that must keep its requests in order can then start the next one at that point: the next write
 * queues behind, so it commits in the same transaction or a later one, never earlier, and many requests of one
 * connection share a commit instead of waiting for one each.
 */
public final class CommitOrder {
    private static final ThreadLocal<Runnable> WHEN_QUEUED = new ThreadLocal<>();

    private CommitOrder() {}

    /** Runs {@code body} on this thread; {@code whenQueued} runs once, when its first write is queued (if any). */
    public static <T> T run(Runnable whenQueued, Supplier<T> body) {
        WHEN_QUEUED.set(whenQueued);
        try {
            return body.get();
        } finally {
            WHEN_QUEUED.remove();
        }
    }

    /** Called by the store as a write enters its queue: the order is fixed from here on. */
    public static void queued() {
        Runnable whenQueued = WHEN_QUEUED.get();
        if (whenQueued == null) return;
        WHEN_QUEUED.remove();
        whenQueued.run();
    }
}
