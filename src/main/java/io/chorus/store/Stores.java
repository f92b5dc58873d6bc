package io.chorus.store;

import java.nio.file.Path;

/** Opens the configured store: the embedded SQLite file in the data directory, or a shared PostgreSQL database. */
public final class Stores {
    private Stores() {}

    public static SqlStore open(String kind, Path dataDir, boolean durableSync, String pgUrl) {
        return switch (kind) {
            case "sqlite" -> SqliteStores.open(dataDir, durableSync);
            case "postgres" -> PostgresStores.open(pgUrl, 8);
            default -> throw new StoreException("unknown store kind " + kind + " (sqlite or postgres)", null);
        };
    }

    /** A description for logs and health, without secrets. */
    public static String describe(String kind, Path dataDir, String pgUrl) {
        return kind.equals("postgres") ? "postgres " + PostgresStores.redact(pgUrl)
                : "sqlite " + dataDir.resolve("chorus.db").toAbsolutePath().normalize();
    }
}
