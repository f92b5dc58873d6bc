package io.chorus.cli;

import io.chorus.store.PostgresStores;
import io.chorus.store.SqlStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code chorus migrate}: brings a store's schema up to date without starting a server. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Create or upgrade the store's schema (servers also do this at start).")
public final class MigrateCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        store.validate();
        if (store.kind.equals("postgres")) {
            int applied = PostgresStores.migrate(store.pgUrl);
            System.out.println("Applied " + applied + " migration(s) to " + store.describe() + "; the schema is current.");
        } else {
            try (SqlStore ignored = store.open()) {
                System.out.println("The schema of " + store.describe() + " is current.");
            }
        }
        return 0;
    }
}
