package io.chorus.server;

import io.chorus.api.socketio.SocketIoOptions;
import io.chorus.api.socketio.engine.EngineIoOptions;
import io.chorus.cli.StoreOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code chorus serve}: runs the server until SIGTERM or SIGINT, then stops cleanly and exits 0. */
@Command(name = "serve", description = "Run the Chorus server.", mixinStandardHelpOptions = true)
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port for every API (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--config", description = "A properties file of options (keys are option names without --).")
    Path config;

    @Option(names = "--public-url", description = "The URL clients use to reach this server (shown in chat commands).")
    String publicUrl;

    @Option(names = "--event-loops", defaultValue = "0", description = "Event loops (0 = one per core).")
    int eventLoops;

    @Option(names = "--tcp-nodelay", defaultValue = "true", arity = "1", description = "Disable Nagle's algorithm (default: ${DEFAULT-VALUE}).")
    boolean tcpNoDelay;

    @Option(names = "--max-frame-bytes", defaultValue = "65536", description = "Largest WebSocket message accepted (default: ${DEFAULT-VALUE}).")
    int maxFrameBytes;

    @Option(names = "--max-body-bytes", defaultValue = "1048576", description = "Largest HTTP request body (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Option(names = "--max-message-bytes", defaultValue = "65536", description = "Largest message text in UTF-8 bytes (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--outbound-queue", defaultValue = "1024", description = "Frames queued for a slow client before it is disconnected (default: ${DEFAULT-VALUE}).")
    int outboundQueue;

    @Option(names = "--ping-interval", defaultValue = "25", description = "Seconds between server WebSocket pings (default: ${DEFAULT-VALUE}).")
    int pingInterval;

    @Option(names = "--rate-limit", defaultValue = "100", description = "Requests per second per WebSocket connection, bursts of twice that; 0 = off (default: ${DEFAULT-VALUE}).")
    int rateLimit;

    @Option(names = "--max-subscriptions", defaultValue = "1000", description = "Subscriptions per connection (default: ${DEFAULT-VALUE}).")
    int maxSubscriptions;

    @Option(names = "--max-connections-per-user", defaultValue = "100", description = "Live connections per user (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerUser;

    @Option(names = "--admin-token", description = "Admin API token (default: CHORUS_ADMIN_TOKEN, else generated into the data directory).")
    String adminToken;

    @Option(names = "--sync", defaultValue = "full", description = "SQLite durability: full (survives power loss) or normal (survives a crash) (default: ${DEFAULT-VALUE}).")
    String sync;

    @Option(names = "--broker", defaultValue = "local", description = "local (one node) or nats (several nodes) (default: ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = "--nats-url", defaultValue = "nats://127.0.0.1:4222", description = "NATS server for --broker nats (default: ${DEFAULT-VALUE}).")
    String natsUrl;

    @Option(names = "--cluster-name", defaultValue = "chorus", description = "Prefix of this cluster's NATS subjects; nodes with the same name form one cluster (default: ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(names = "--node-name", description = "This node's name in logs, /health and NATS (default: host name and process id).")
    String nodeName;

    @Option(names = "--socketio-ping-interval", defaultValue = "25000", description = "Engine.IO pingInterval in ms (default: ${DEFAULT-VALUE}).")
    int socketIoPingInterval;

    @Option(names = "--socketio-ping-timeout", defaultValue = "20000", description = "Engine.IO pingTimeout in ms (default: ${DEFAULT-VALUE}).")
    int socketIoPingTimeout;

    @Option(names = "--socketio-max-payload", defaultValue = "1000000", description = "Largest Engine.IO payload (POST body or WebSocket message) in bytes (default: ${DEFAULT-VALUE}).")
    int socketIoMaxPayload;

    @Option(names = "--socketio-connect-timeout", defaultValue = "45000", description = "Ms a new Socket.IO connection has to join a namespace (default: ${DEFAULT-VALUE}).")
    long socketIoConnectTimeout;

    @Option(names = "--socketio-eio3", defaultValue = "true", arity = "1", description = "Accept Engine.IO v3 (socket.io 2.x) clients (default: ${DEFAULT-VALUE}).")
    boolean socketIoEio3;

    @Option(names = "--socketio-cors-origins", defaultValue = "", split = ",", description = "Origins allowed to call /socket.io/ cross-origin, comma-separated, or * (default: same origin only).")
    java.util.List<String> socketIoCorsOrigins;

    @Option(names = "--socketio-max-sessions-per-address", defaultValue = "1000", description = "Open Engine.IO sessions per client address; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    int socketIoMaxSessionsPerAddress;

    @Option(names = "--socketio-recovery-window", defaultValue = "120000", description = "Ms during which a dropped Socket.IO connection can recover its state; 0 = off (default: ${DEFAULT-VALUE}).")
    long socketIoRecoveryWindow;

    @Option(names = "--devicehive-admin-password", defaultValue = "${env:CHORUS_DEVICEHIVE_ADMIN_PASSWORD}",
            description = "Password of the DeviceHive API's default admin 'dhadmin', set at first start "
                    + "(default: env CHORUS_DEVICEHIVE_ADMIN_PASSWORD, else generated and printed once).")
    String devicehiveAdminPassword;

    @Option(names = "--devicehive-jwt-secret", defaultValue = "${env:CHORUS_DEVICEHIVE_JWT_SECRET}",
            description = "Secret that DeviceHive tokens are signed with; every node of a cluster needs the same "
                    + "(default: env CHORUS_DEVICEHIVE_JWT_SECRET, else derived from the admin token).")
    String devicehiveJwtSecret;

    @Option(names = "--devicehive-reference-tokens",
            description = "Key DeviceHive tokens as a reference DeviceHive server does with JWT_SECRET set to "
                    + "--devicehive-jwt-secret, so that the tokens it issued stay valid after moving to Chorus. The key "
                    + "is then only as strong as that secret.")
    boolean devicehiveReferenceTokens;

    @Option(names = "--devicehive-retention", defaultValue = "30",
            description = "Days that DeviceHive commands and notifications are kept; 0 = forever (default: ${DEFAULT-VALUE}).")
    int devicehiveRetentionDays;

    @Option(names = "--chat21-jwt-secret", defaultValue = "${env:CHORUS_CHAT21_JWT_SECRET}",
            description = "HS256 secret of Chat21 tokens, shared with the system that issues them (default: env "
                    + "CHORUS_CHAT21_JWT_SECRET, else generated once and kept in the data directory).")
    String chat21JwtSecret;

    @Option(names = "--mqtt-port", description = "MQTT (TCP) port for Chat21 clients; 0 = random, -1 = none. MQTT over "
            + "WebSocket is always on /mqtt and /ws of the HTTP port (default: 1883, skipped with a warning if taken).")
    Integer mqttPort;

    @Option(names = "--chat21-webhook", split = ",", description = "URL that receives Chat21 webhook events; repeat or "
            + "comma-separate for several (default: none).")
    java.util.List<String> chat21Webhooks = new java.util.ArrayList<>();

    @Option(names = "--chat21-webhook-events", split = ",", description = "Chat21 events posted to the webhooks "
            + "(default: all of message-sent, message-delivered, message-received, message-return-receipt, "
            + "conversation-archived; presence-change is always posted).")
    java.util.List<String> chat21WebhookEvents;

    @Option(names = "--socketio-conformance", description = "Serve what the official Engine.IO/Socket.IO test suites expect (echo namespaces, /engine.io/, 300/200 ms heartbeat).")
    boolean socketIoConformance;

    @Override
    public Integer call() {
        if (!sync.equals("full") && !sync.equals("normal")) return fail("--sync must be full or normal");
        if (port < 0 || port > 65535) return fail("--port must be between 0 and 65535");
        int loops = eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
        ClusterConfig cluster;
        try {
            cluster = new ClusterConfig(storeOptions.kind(), storeOptions.pgUrl(), broker, natsUrl, clusterName,
                    nodeName != null && !nodeName.isBlank() ? nodeName : ClusterConfig.defaultNodeName());
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        SocketIoOptions socketIo;
        try {
            socketIo = new SocketIoOptions(new EngineIoOptions(socketIoPingInterval, socketIoPingTimeout, socketIoMaxPayload,
                    10_000, socketIoEio3, socketIoCorsOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList(),
                    socketIoMaxSessionsPerAddress, outboundQueue), socketIoConnectTimeout, socketIoRecoveryWindow, 64, false);
        } catch (IllegalArgumentException e) {
            return fail("--socketio-*: " + e.getMessage());
        }
        if (socketIoConformance) socketIo = SocketIoOptions.conformance(socketIo);
        io.chorus.api.devicehive.DeviceHiveOptions deviceHive;
        try {
            deviceHive = new io.chorus.api.devicehive.DeviceHiveOptions(devicehiveAdminPassword, devicehiveJwtSecret,
                    devicehiveRetentionDays, devicehiveReferenceTokens);
        } catch (IllegalArgumentException e) {
            return fail("--devicehive-*: " + e.getMessage());
        }
        io.chorus.api.chat21.Chat21Options chat21;
        try {
            chat21 = io.chorus.api.chat21.Chat21Options.DEFAULTS.withJwtSecret(chat21JwtSecret)
                    .withWebhooks(chat21Webhooks, chat21WebhookEvents == null
                            ? io.chorus.api.chat21.Chat21Options.ALL_EVENTS : chat21WebhookEvents);
            if (mqttPort != null) chat21 = chat21.withMqttPort(mqttPort);
            for (String url : chat21Webhooks) java.net.URI.create(url).toURL();
        } catch (IllegalArgumentException | java.net.MalformedURLException e) {
            return fail("--mqtt-port / --chat21-webhook: " + e.getMessage());
        }
        ServerConfig cfg = new ServerConfig(host, port, storeOptions.data(), publicUrl, loops, tcpNoDelay, maxFrameBytes, maxBodyBytes,
                maxMessageBytes, outboundQueue, pingInterval, rateLimit, maxSubscriptions, maxConnectionsPerUser,
                adminToken, sync.equals("full"), cluster, socketIo, deviceHive, chat21, false);
        long started = System.nanoTime();
        ChorusServer server;
        try {
            server = ChorusServer.start(cfg);
        } catch (StartupException e) {
            return fail(e.getMessage());
        }
        System.out.printf("Chorus %s listening on http://%s:%d (store: %s, broker: %s, node: %s, %d event loops) in %d ms%n",
                io.chorus.core.ServerInfo.currentVersion(), host, server.port(),
                storeOptions.describe(), broker.equals("nats") ? "nats " + natsUrl : "local",
                cluster.nodeName(), loops, (System.nanoTime() - started) / 1_000_000);
        if (server.mqttPort() >= 0) {
            System.out.printf("MQTT (Chat21) on mqtt://%s:%d and ws://%s:%d/mqtt%n", host, server.mqttPort(), host, server.port());
        }
        if (server.generatedDeviceHivePassword() != null) {
            System.out.println("Created the DeviceHive admin 'dhadmin' with the password: " + server.generatedDeviceHivePassword()
                    + " (choose your own with --devicehive-admin-password at first start)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            server.stop();
            stopped.countDown();
        };
        Signal.handle(new Signal("TERM"), s -> stop.run());
        Signal.handle(new Signal("INT"), s -> stop.run());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("Chorus stopped.");
        return 0;
    }

    private static int fail(String message) {
        System.err.println("chorus: " + message);
        return 2;
    }
}
