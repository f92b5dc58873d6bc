package io.chorus.transport;

import io.chorus.store.MessageLog;
import io.vertx.core.Context;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands work from another thread (the store's writer, completing a batch of sends) to one event loop, many tasks per
 * wake-up: a task is queued, and the loop is woken only when no drain is already scheduled; while the store's writer
 * completes a batch, the wake-up waits until the whole batch is completed. Tasks run in the order they were handed
 * over. One inbox per loop ({@link #of}).
 */
public final class LoopInbox implements Executor {
    private static final String KEY = LoopInbox.class.getName();

    private final Context loop;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private LoopInbox(Context loop) { this.loop = loop; }

    /** The inbox of a loop's context; call on that loop. */
    public static LoopInbox of(Context loop) {
        LoopInbox inbox = loop.get(KEY);
        if (inbox == null) {
            inbox = new LoopInbox(loop);
            loop.put(KEY, inbox);
        }
        return inbox;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true) && !MessageLog.afterCompletions(this::wake)) wake();
    }

    private void wake() { loop.runOnContext(v -> drain()); }

    private void drain() {
        // Cleared before polling: a task added after the last poll schedules a drain of its own.
        scheduled.set(false);
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(LoopInbox.class).error("a task handed to the event loop failed", e);
            }
        }
    }
}
