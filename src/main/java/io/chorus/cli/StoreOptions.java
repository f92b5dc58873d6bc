package io.chorus.cli;

import io.chorus.store.SqlStore;
import io.chorus.store.Stores;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options that name a store, shared by the commands that open one without serving. */
public final class StoreOptions {
    @Option(names = "--store", defaultValue = "sqlite", description = "sqlite or postgres (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--pg-url", description = "PostgreSQL URL for --store postgres.")
    String pgUrl;

    @Option(names = "--data", defaultValue = "./data", description = "Data directory of the sqlite store (default: ${DEFAULT-VALUE}).")
    Path data;

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

    String describe() { return Stores.describe(kind, data, pgUrl); }
}
