package io.chorus.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The machine's services (PostgreSQL on 5432, NATS on 4222) for tests. Missing ones skip the test on a
 * developer's machine and fail it under {@code CI=true}. Every test gets its own database and subject prefix.
 */
public final class Services {
    public static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    public static final String NATS_URL = "nats://127.0.0.1:4222";
    /** Debian's nats-server, for tests that run a NATS of their own (so the machine's stays as it is). */
    public static final Path NATS_SERVER = Path.of("/usr/sbin/nats-server");

    /** Debian's Mosquitto broker, which the load tool's MQTT peer test runs on ports of its own. */
    public static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    private Services() {}

    public static void require(String what, boolean available) {
        if (!"true".equals(System.getenv("CI"))) Assumptions.assumeTrue(available, what + " is not available");
        assertThat(available).as(what + " must be available under CI").isTrue();
    }

    public static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A loopback port nothing listens on right now, for a server a test starts itself. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static void requireNats() { require("NATS on 127.0.0.1:4222", listening(4222)); }

    /** A fresh, empty database; dropped (with whatever connected to it) when closed. */
    public static PostgresDatabase postgresDatabase() {
        require("PostgreSQL on 127.0.0.1:5432", listening(5432));
        String name = "chorus_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        return new PostgresDatabase(name);
    }

    public static String uniquePrefix() { return "chorus-test-" + UUID.randomUUID().toString().substring(0, 8); }

    public record PostgresDatabase(String name) implements AutoCloseable {
        public String url() { return "jdbc:postgresql://127.0.0.1:5432/" + name + "?user=postgres"; }

        @Override
        public void close() { admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); }
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
