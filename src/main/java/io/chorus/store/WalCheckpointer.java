package io.chorus.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Copies SQLite's write-ahead log into the database file from its own connection and thread, beside the writer.
 *
 * <p>Why: SQLite checkpoints on the committing connection by default, every 1,000 log pages. With
 * {@code synchronous=NORMAL} a commit costs ~0.3 ms but such a checkpoint 10-15 ms (the pages plus two fsyncs), and
 * every message queued behind it waits: that was the p99 of live delivery. A PASSIVE checkpoint from another
 * connection runs concurrently with commits. It cannot restart the log while the writer keeps appending, though, so
 * the writer keeps its own automatic checkpoint with a larger threshold ({@link #WRITER_AUTOCHECKPOINT_PAGES}): by the
 * time it fires, this thread has already copied almost everything, so the writer only copies the rest, syncs, and
 * lets its next commit start the log over. The log stays bounded whatever the load.
 *
 * <p>SQLite syncs the database file only after a checkpoint that copied the whole log, which a checkpoint beside a
 * busy writer never does; so the pages this thread copies stayed unsynced until the writer's own checkpoint, whose
 * one fsync then flushed seconds of them (10-13 ms on the benchmark machine, the writer stalled throughout).
 * This thread therefore syncs the database file after each copy itself, and the writer's fsync finds little to do.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

    /**
     * The writer's own checkpoint threshold (80 MiB of 4 KiB pages): the bound on the log. Each time it is reached the
     * writer stalls for its own short checkpoint and the log's restart (their fsyncs); at 4,000 pages that came twice
     * a second under 10,000 messages/s, often enough to set the p99 of live delivery.
     */
    static final int WRITER_AUTOCHECKPOINT_PAGES = 20_000;

    /** How often this thread copies: at 2,000 single-message commits/s, ~400 pages a time. */
    static final long PERIOD_MILLIS = 200;

    private final Connection connection;
    /** The database file, synced after each copy (the log is synced by SQLite before it copies). */
    private final FileChannel database;
    private final long periodMillis;
    private final Thread thread;
    private volatile boolean closed;

    WalCheckpointer(Connection connection, Path databaseFile, long periodMillis) throws IOException {
        this.connection = connection;
        this.database = FileChannel.open(databaseFile, StandardOpenOption.READ);
        this.periodMillis = periodMillis;
        this.thread = Thread.ofPlatform().name("chorus-store-checkpointer").daemon(true).unstarted(this::run);
        thread.start();
    }

    private void run() {
        try (Statement st = connection.createStatement()) {
            while (!closed) {
                try {
                    TimeUnit.MILLISECONDS.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
                // PASSIVE never waits for the writer or readers: it copies what it can and returns.
                st.execute("PRAGMA wal_checkpoint(PASSIVE)");
                database.force(false);
            }
        } catch (SQLException | IOException e) {
            if (!closed) log.warn("background checkpoints stopped ({}); the writer's own checkpoints go on", e.getMessage());
        }
    }

    @Override
    public void close() throws SQLException {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            database.close();
        } catch (IOException e) {
            log.debug("closing the database file's channel: {}", e.getMessage());
        }
        connection.close();
    }
}
