package io.chorus.bench;

import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;

/** Options every scenario shares: what to drive, from where, and where results go. */
final class BenchOptions {
    @Option(names = "--target", defaultValue = "chorus", description = "chorus (its Diode API), socketio (its Socket.IO chat API), "
            + "devicehive (its DeviceHive API: notifications of one device), devicehive-commands (the same with commands), "
            + "mqtt (its Chat21 API over MQTT: groups), nats, jetstream (NATS with every message stored in a file stream "
            + "before delivery, and acknowledged to the publisher), "
            + "socketio-node (the Node.js Socket.IO peer in bench/socketio-peer) or mosquitto (any plain MQTT broker: topics) "
            + "(default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Chorus base URL, or the Node.js Socket.IO peer's (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--publish-url", description = "Chorus node the publishers use (default: --url). Another node of "
            + "the cluster makes every delivery cross NATS.")
    URI publishUrl;

    @Option(names = "--nats-ws", defaultValue = "ws://127.0.0.1:18222", description = "NATS WebSocket listener (default: ${DEFAULT-VALUE}).")
    URI natsWs;

    @Option(names = "--mqtt", defaultValue = "tcp://127.0.0.1:1883", description = "MQTT listener of Chorus or the broker, "
            + "for --target mqtt and mosquitto: tcp://host:port, or ws://host:port/path for MQTT over WebSocket "
            + "(Chorus: /mqtt on its HTTP port) (default: ${DEFAULT-VALUE}).")
    URI mqtt;

    @Option(names = "--chat21-secret", description = "Chorus's --chat21-jwt-secret, to sign the Chat21 users' and "
            + "admin's tokens for --target mqtt (default: env CHORUS_CHAT21_JWT_SECRET).")
    String chat21Secret;

    @Option(names = "--chat21-app", defaultValue = "bench", description = "Chat21 app (Chorus zone) of --target mqtt (default: ${DEFAULT-VALUE}).")
    String chat21App;

    @Option(names = "--admin-token", description = "Chorus admin token (default: env CHORUS_ADMIN_TOKEN).")
    String adminToken;

    @Option(names = "--sources", defaultValue = "1", description = "Loopback source addresses to connect from "
            + "(127.0.0.2, 127.0.0.3, ...; each allows ~28k connections); 1 = the default address (default: ${DEFAULT-VALUE}).")
    int sources;

    @Option(names = "--source-offset", defaultValue = "0", description = "Skip this many source addresses: with 2, "
            + "--sources 2 connects from 127.0.0.4 and 127.0.0.5. Several load-tool processes run side by side with "
            + "different offsets so that their connections do not share ephemeral ports (default: ${DEFAULT-VALUE}).")
    int sourceOffset;

    /** The {@code i}th loopback source address, or null for the default one (a single source, no offset). */
    String sourceAddress(int i) {
        return sources > 1 || sourceOffset > 0 ? "127.0.0." + (2 + sourceOffset + i) : null;
    }

    @Option(names = "--server-pid", defaultValue = "0", description = "PID of the server, to report its CPU and RSS.")
    long serverPid;

    @Option(names = "--loops", defaultValue = "1", description = "Event loops of the load tool (default: ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--out", defaultValue = "bench-results", description = "Directory for the JSON result (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--label", defaultValue = "", description = "A label stored with the result (e.g. the peer's name).")
    String label;

    @Option(names = "--devicehive-password", description = "The DeviceHive admin's password, for --target devicehive "
            + "(default: env CHORUS_DEVICEHIVE_ADMIN_PASSWORD).")
    String deviceHivePassword;

    @Option(names = "--acknowledge", description = "--target devicehive-commands: each subscriber answers every command "
            + "it receives with command/update, as a device acknowledging its commands does.")
    boolean acknowledge;

    String deviceHivePassword() {
        String p = deviceHivePassword != null ? deviceHivePassword : System.getenv("CHORUS_DEVICEHIVE_ADMIN_PASSWORD");
        if (p == null || p.isBlank()) throw new IllegalArgumentException("the devicehive target needs --devicehive-password");
        return p;
    }

    String chat21Secret() {
        String s = chat21Secret != null ? chat21Secret : System.getenv("CHORUS_CHAT21_JWT_SECRET");
        if (s == null || s.isBlank()) throw new IllegalArgumentException("the mqtt target needs --chat21-secret");
        return s;
    }

    String adminToken() {
        String t = adminToken != null ? adminToken : System.getenv("CHORUS_ADMIN_TOKEN");
        if (t == null || t.isBlank()) throw new IllegalArgumentException("the chorus target needs --admin-token or CHORUS_ADMIN_TOKEN");
        return t;
    }
}
