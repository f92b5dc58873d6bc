package io.chorus.store;

import java.nio.file.Files;
import java.nio.file.Path;

/** The store contract on the embedded SQLite store. */
class SqliteStoreTest extends StoreContract {
    private Path dir;

    @Override
    Store open() throws Exception {
        dir = Files.createTempDirectory("chorus-store");
        return SqliteStores.open(dir, false);
    }

    @Override
    Store openSecond() { return SqliteStores.open(dir, false); }
}
