package io.chorus.store;

import io.chorus.support.Services;
import org.junit.jupiter.api.AfterEach;

/** The store contract on PostgreSQL (a database made for each test). */
class PostgresStoreTest extends StoreContract {
    private Services.PostgresDatabase database;

    @Override
    Store open() {
        database = Services.postgresDatabase();
        return PostgresStores.open(database.url(), 2);
    }

    @Override
    Store openSecond() { return PostgresStores.open(database.url(), 2); }

    @AfterEach
    void dropDatabase() {
        if (database != null) database.close();
    }
}
