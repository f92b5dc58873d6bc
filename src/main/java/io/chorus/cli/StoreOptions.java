package io.chorus.cli;

import io.chorus.store.SqlStore;
import io.chorus.store.Stores;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options that name a store: shared by {@code serve} and the commands that open a store without serving. */
public final class StoreOptions {
    @Option(names = "--store", defaultValue = "sqlite", description = "sqlite (embedded, in the data directory) or postgres (shared by several nodes) (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--pg-url", description = "PostgreSQL URL for --store postgres (postgres://user:pass@host:5432/db or jdbc:postgresql:...).")
    String pgUrl;

    @Option(names = "--data", defaultValue = "./data", description = "Data directory: the sqlite store and the generated admin token (default: ${DEFAULT-VALUE}).")
    Path data;

    public String kind() { return kind; }

    public String pgUrl() { return pgUrl; }

    public Path data() { return data; }

    void validate() {
        if (!kind.equals("sqlite") && !kind.equals("postgres")) throw new IllegalArgumentException("--store must be sqlite or postgres");
        if (kind.equals("postgres") && (pgUrl == null || pgUrl.isBlank())) {
            throw new IllegalArgumentException("--store postgres needs --pg-url (or CHORUS_PG_URL)");
        }
    }

    SqlStore open() {
        validate();
        return Stores.open(kind, data, true, pgUrl);
    }

    public String describe() { return Stores.describe(kind, data, pgUrl); }
}
