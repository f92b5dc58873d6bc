package io.chorus.store;

import io.chorus.core.MessageDraft;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for messages: one writer thread takes every draft queued since its last commit and stores them in
 * one transaction, so the fsync cost is shared. Futures complete only after the commit (a send is acknowledged
 * once durable), and the listener sees each batch in commit order, which is what keeps per-channel order.
 */
public final class MessageLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MessageLog.class);

    /** Sees committed batches on the writer thread, in order; must not block. */
    public interface Listener { void committed(List<Store.Appended> batch); }

    /** Observes batch sizes and commit latency (metrics). */
    public interface Observer { void batchCommitted(int size, long nanos); }

    /** While a writer completes a batch's futures: what is to run once they are all completed. */
    private static final ThreadLocal<List<Runnable>> AFTER_COMPLETIONS = new ThreadLocal<>();

    private record Pending(MessageDraft draft, CompletableFuture<Store.Appended> result) {}

    private static final Pending STOP = new Pending(null, null);

    private final Store store;
    private final int maxBatch;
    private final Listener listener;
    private final Observer observer;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    public MessageLog(Store store, int maxBatch, Listener listener, Observer observer) {
        this.store = store;
        this.maxBatch = maxBatch;
        this.listener = listener;
        this.observer = observer;
        this.writer = Thread.ofPlatform().name("chorus-store-writer").daemon(false).unstarted(this::run);
        this.writer.start();
    }

    /** Queues a draft; the future completes once it is durable (or with the store's error). */
    public CompletableFuture<Store.Appended> append(MessageDraft draft) {
        CompletableFuture<Store.Appended> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new StoreException("the store is shutting down", null));
            return f;
        }
        queue.add(new Pending(draft, f));
        return f;
    }

    public int queued() { return queue.size(); }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        boolean stopping = false;
        while (!stopping || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
            } catch (InterruptedException e) {
                stopping = true;
                continue;
            }
            if (batch.remove(STOP)) stopping = true;
            if (!batch.isEmpty()) commit(batch);
            batch.clear();
        }
    }

    private void commit(List<Pending> batch) {
        List<MessageDraft> drafts = new ArrayList<>(batch.size());
        for (Pending p : batch) drafts.add(p.draft());
        long start = System.nanoTime();
        List<Store.Appended> results;
        try {
            results = store.appendMessages(drafts);
        } catch (RuntimeException batchFailure) {
            // One bad draft must not sink its neighbours: retry each alone.
            log.warn("batch of {} failed ({}); retrying one by one", batch.size(), batchFailure.getMessage());
            commitOneByOne(batch);
            return;
        }
        observer.batchCommitted(batch.size(), System.nanoTime() - start);
        deliver(results);
        List<Runnable> after = new ArrayList<>();
        AFTER_COMPLETIONS.set(after);
        try {
            for (int i = 0; i < batch.size(); i++) batch.get(i).result().complete(results.get(i));
        } finally {
            AFTER_COMPLETIONS.remove();
        }
        for (Runnable r : after) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("a task after a batch's completions failed", e);
            }
        }
    }

    /**
     * For code that runs as a batch's futures complete (on the writer thread): defers {@code task} until every
     * future of the batch is completed, so work handed to another thread per answer (waking an event loop, say) is
     * done once per batch. False, having done nothing, when not called while a batch completes.
     */
    public static boolean afterCompletions(Runnable task) {
        List<Runnable> after = AFTER_COMPLETIONS.get();
        if (after == null) return false;
        after.add(task);
        return true;
    }

    private void commitOneByOne(List<Pending> batch) {
        for (Pending p : batch) {
            long start = System.nanoTime();
            try {
                List<Store.Appended> r = store.appendMessages(List.of(p.draft()));
                observer.batchCommitted(1, System.nanoTime() - start);
                deliver(r);
                p.result().complete(r.get(0));
            } catch (RuntimeException e) {
                p.result().completeExceptionally(e);
            }
        }
    }

    private void deliver(List<Store.Appended> results) {
        try {
            listener.committed(results);
        } catch (RuntimeException e) {
            log.error("delivering a committed batch failed", e);
        }
    }

    /** Stops accepting, commits everything already queued, and waits for the writer. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        queue.add(STOP);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
