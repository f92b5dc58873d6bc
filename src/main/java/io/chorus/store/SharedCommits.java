package io.chorus.store;

import io.chorus.core.CommitOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's one writer connection, shared by concurrent writers so that they share commits. A writer queues its
 * work and takes the lock; whoever holds it runs every work queued so far in one transaction, each inside a
 * savepoint (a failing work is rolled back alone and its writer gets the error), and commits once. With
 * {@code synchronous=FULL} a commit is an fsync: a hundred devices inserting notifications at once then cost one
 * fsync, not a hundred. Chat messages are batched upstream ({@link MessageLog}); this covers every other write.
 * <p>
 * Works run in the order they were queued ({@link CommitOrder#queued} marks that moment for the caller), and what a
 * work asks to do after its commit ({@link #afterCommit}) runs in that same order, once the commit has succeeded and
 * before any later batch runs: publishing from there keeps subscribers in commit order whichever writer wakes first.
 */
final class SharedCommits {
    private static final Logger log = LoggerFactory.getLogger(SharedCommits.class);
    /** The work being run on this thread (by whoever holds the lock), for {@link #afterCommit}. */
    private static final ThreadLocal<Queued<?>> RUNNING = new ThreadLocal<>();

    private final Connection writer;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Queued<?>> queued = new ConcurrentLinkedQueue<>();
    private final LongAdder works = new LongAdder();
    private final LongAdder commits = new LongAdder();
    /**
     * The writer's prepared statements by SQL, used only by whoever holds the lock: preparing is a parse and a
     * plan per statement (SQLite keeps no cache of its own), which a commit of one message paid three times.
     */
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    SharedCommits(Connection writer) { this.writer = writer; }

    /**
     * From inside a work: the writer connection's statement for {@code sql}, prepared on first use and kept (the
     * caller must not close it), its parameters and batch cleared.
     */
    PreparedStatement statement(String sql) throws SQLException {
        if (!lock.isHeldByCurrentThread()) throw new IllegalStateException("a writer statement outside a write");
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = writer.prepareStatement(sql);
            statements.put(sql, ps);
        } else {
            ps.clearParameters();
            ps.clearBatch();
        }
        return ps;
    }

    /** Runs {@code work} in a committed transaction (shared with other writers); returns its result or throws its error. */
    <T> T run(SqlStore.SqlWork<T> work) {
        if (lock.isHeldByCurrentThread()) return nested(work);
        Queued<T> mine = new Queued<>(work);
        queued.add(mine);
        CommitOrder.queued();
        lock.lock();
        try {
            if (!mine.done) commitQueued();
        } finally {
            lock.unlock();
        }
        if (mine.error instanceof RuntimeException r) throw r;
        if (mine.error != null) throw new StoreException("write failed: " + mine.error.getMessage(), mine.error);
        return mine.value;
    }

    /**
     * From inside a work: runs {@code action} once the work's transaction has committed, in commit order, on the
     * committing thread (so it must not block). Nothing runs if the work or its batch fails.
     */
    static void afterCommit(Runnable action) {
        Queued<?> running = RUNNING.get();
        if (running == null) throw new IllegalStateException("afterCommit outside a write");
        running.afterCommit.add(action);
    }

    /** Works run, and transactions committed for them: their ratio is how many writes shared a commit. */
    long works() { return works.sum(); }

    long commits() { return commits.sum(); }

    /** Closes the connection once the writes under way are done. */
    void close() throws SQLException {
        lock.lock();
        try {
            for (PreparedStatement ps : statements.values()) ps.close();
            statements.clear();
            writer.close();
        } finally {
            lock.unlock();
        }
    }

    /** A write from inside a work (same thread, transaction open): part of that transaction. */
    private <T> T nested(SqlStore.SqlWork<T> work) {
        try {
            return work.run(writer);
        } catch (SQLException e) {
            throw new StoreException("write failed: " + e.getMessage(), e);
        }
    }

    private void commitQueued() {
        List<Queued<?>> batch = new ArrayList<>();
        for (Queued<?> q; (q = queued.poll()) != null; ) batch.add(q);
        try {
            writer.setAutoCommit(false);
            boolean isolate = batch.size() > 1;
            for (Queued<?> q : batch) q.runIn(writer, isolate);
            writer.commit();
            works.add(batch.size());
            commits.increment();
            for (Queued<?> q : batch) q.committed();
        } catch (SQLException | RuntimeException e) {
            // The commit (or a savepoint) failed: nothing of this batch is stored.
            failAll(batch, e);
        } catch (Error e) {
            failAll(batch, new StoreException("write failed: " + e, e));
            throw e;
        } finally {
            for (Queued<?> q : batch) q.done = true;
        }
    }

    /** Nothing of {@code batch} is stored: every writer that has no error of its own gets {@code cause}. */
    private void failAll(List<Queued<?>> batch, Exception cause) {
        try {
            writer.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the cause says so to every writer of the batch.
        }
        for (Queued<?> q : batch) {
            if (q.error == null) q.error = cause;
            q.afterCommit.clear();
        }
    }

    /** One writer's work and its outcome; fields are read by that writer after it has taken and released the lock. */
    private static final class Queued<T> {
        final SqlStore.SqlWork<T> work;
        final List<Runnable> afterCommit = new ArrayList<>(1);
        T value;
        Exception error;
        boolean done;

        Queued(SqlStore.SqlWork<T> work) { this.work = work; }

        void runIn(Connection c, boolean isolate) throws SQLException {
            Savepoint savepoint = isolate ? c.setSavepoint() : null;
            RUNNING.set(this);
            try {
                value = work.run(c);
                if (savepoint != null) c.releaseSavepoint(savepoint);
            } catch (SQLException | RuntimeException e) {
                error = e;
                afterCommit.clear();
                if (savepoint != null) c.rollback(savepoint);
                else c.rollback();
            } finally {
                RUNNING.remove();
            }
        }

        void committed() {
            for (Runnable action : afterCommit) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    log.error("an action after a commit failed", e);
                }
            }
            afterCommit.clear();
        }
    }
}
