package io.chorus.store;

import java.nio.file.Files;

/** The store contract on the embedded SQLite store. */
class SqliteStoreTest extends StoreContract {
    @Override
    Store open() throws Exception {
        return SqliteStores.open(Files.createTempDirectory("chorus-store"), false);
    }
}
