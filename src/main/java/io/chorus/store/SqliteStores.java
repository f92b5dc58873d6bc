package io.chorus.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** Opens the embedded SQLite store: one file in the data directory, WAL, migrated at open. */
public final class SqliteStores {
    private SqliteStores() {}

    /**
     * @param durableSync true for {@code synchronous=FULL} (every commit survives power loss);
     *                    false for NORMAL (survives a process crash, may lose the last commits on power loss)
     */
    public static SqlStore open(Path dataDir, boolean durableSync) {
        Path file = dataDir.resolve("chorus.db").toAbsolutePath();
        String url = "jdbc:sqlite:" + file;
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(durableSync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        config.setCacheSize(-65536); // 64 MiB of page cache per connection: history reads and index updates stay in memory
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setWalAutocheckpoint(WalCheckpointer.WRITER_AUTOCHECKPOINT_PAGES);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url);

        Flyway.configure().dataSource(source).locations("classpath:db/migration").load().migrate();

        HikariConfig pool = new HikariConfig();
        pool.setDataSource(source);
        pool.setMaximumPoolSize(4);
        pool.setPoolName("chorus-sqlite-readers");
        HikariDataSource readers = new HikariDataSource(pool);
        Connection writer = null;
        try {
            writer = source.getConnection();
            WalCheckpointer checkpointer = new WalCheckpointer(source.getConnection(), file, WalCheckpointer.PERIOD_MILLIS);
            return new SqlStore(readers, writer, () -> { checkpointer.close(); readers.close(); });
        } catch (SQLException | IOException e) {
            if (writer != null) closeAfter(e, writer);
            readers.close();
            throw new StoreException("cannot open " + url + ": " + e.getMessage(), e);
        }
    }

    /** Closes {@code c} after {@code failure}, keeping a second failure as a suppressed one of the first. */
    private static void closeAfter(Exception failure, Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
