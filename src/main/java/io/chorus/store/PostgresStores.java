package io.chorus.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens the PostgreSQL store that several nodes share: the same schema and migrations as the embedded store, a
 * pool of readers and one writer connection per node (the node's group commit batches into it). Per-channel
 * offsets are row-locked updates of the channel, so two nodes writing to one channel serialise on that row only.
 */
public final class PostgresStores {
    private PostgresStores() {}

    public static SqlStore open(String url, int readerPoolSize) {
        HikariDataSource pool = pool(url, readerPoolSize + 1);
        try {
            migrate(pool);
            Connection writer = pool.getConnection();
            return new SqlStore(pool, writer, pool);
        } catch (RuntimeException | SQLException e) {
            pool.close();
            throw new StoreException("cannot open " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    /** Applies pending migrations and returns how many were applied. */
    public static int migrate(String url) {
        try (HikariDataSource pool = pool(url, 3)) { // Flyway holds a lock connection beside its working one
            return migrate(pool);
        }
    }

    private static int migrate(HikariDataSource pool) {
        // Flyway takes an advisory lock, so nodes starting together migrate once.
        return Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate().migrationsExecuted;
    }

    private static HikariDataSource pool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl(url));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setPoolName("chorus-postgres");
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        return new HikariDataSource(config);
    }

    /**
     * Accepts a JDBC URL or the libpq form ({@code postgres://user:password@host:port/db?options}) that
     * operators usually have at hand.
     */
    static String jdbcUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) return url;
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw new StoreException("a PostgreSQL URL starts with postgres://, postgresql:// or jdbc:postgresql: (got "
                    + redact(url) + ")", null);
        }
        URI u = URI.create(url);
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(u.getHost() == null ? "localhost" : u.getHost());
        if (u.getPort() > 0) jdbc.append(':').append(u.getPort());
        jdbc.append(u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath());
        StringBuilder query = new StringBuilder(u.getRawQuery() == null ? "" : u.getRawQuery());
        if (u.getRawUserInfo() != null) {
            String[] userInfo = u.getRawUserInfo().split(":", 2);
            append(query, "user=" + userInfo[0]);
            if (userInfo.length == 2) append(query, "password=" + userInfo[1]);
        }
        if (!query.isEmpty()) jdbc.append('?').append(query);
        return jdbc.toString();
    }

    private static void append(StringBuilder query, String param) {
        if (!query.isEmpty()) query.append('&');
        query.append(param);
    }

    /** The URL without its password, for messages. */
    public static String redact(String url) {
        return URLDecoder.decode(url, StandardCharsets.UTF_8).replaceAll("(://[^:/@]+:)[^@]*@", "$1***@")
                .replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
