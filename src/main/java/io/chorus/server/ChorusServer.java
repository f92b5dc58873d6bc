package io.chorus.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.api.diode.DiodeApi;
import io.chorus.api.socketio.Broadcast;
import io.chorus.api.socketio.SocketIoApi;
import io.chorus.api.socketio.SocketIoServer;
import io.chorus.transport.WebSocketEndpoint;
import io.chorus.broker.Broker;
import io.chorus.broker.LocalBroker;
import io.chorus.core.Chorus;
import io.chorus.core.Limits;
import io.chorus.core.ServerInfo;
import io.chorus.core.Zone;
import io.chorus.fanout.CloseReason;
import io.chorus.fanout.Hub;
import io.chorus.fanout.Shard;
import io.chorus.server.admin.AdminApi;
import io.chorus.broker.NatsBroker;
import io.chorus.api.chat21.Chat21Api;
import io.chorus.api.mqtt.MqttOptions;
import io.chorus.api.mqtt.MqttServer;
import io.chorus.api.devicehive.DeviceHiveApi;
import io.chorus.api.socketchat.ChatApi;
import io.chorus.core.ClusterWire;
import io.chorus.store.Stores;
import io.chorus.store.Store;
import io.chorus.transport.ConnectionLimits;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The running server: store, core, hub and broker, and the HTTP listeners on every event loop. */
public final class ChorusServer {
    private final ServerConfig config;
    private final ObjectMapper json = new ObjectMapper();
    private final AdminToken adminToken;
    private final ChorusMetrics metrics = new ChorusMetrics();
    private final Hub hub;
    private final Broker broker;
    private final Chorus core;
    private final AdminApi admin;
    private final DiodeApi diode;
    private final SocketIoApi socketIo;
    private final ChatApi chat;
    private final DeviceHiveApi deviceHive;
    private final Chat21Api chat21;
    private final MqttServer mqtt;
    private volatile int mqttPort = -1;
    /** Where a generated Chat21 JWT secret is kept in the data directory. */
    static final String CHAT21_SECRET_FILE = "chat21-jwt-secret";
    private String generatedDeviceHivePassword;
    private Vertx vertx;
    private int port;
    private volatile boolean draining;

    private ChorusServer(ServerConfig config, AdminToken adminToken, Store store, Hub hub, Broker broker, String chat21Secret) {
        this.config = config;
        this.adminToken = adminToken;
        this.hub = hub;
        this.broker = broker;
        Limits limits = new Limits(config.maxMessageBytes(), Limits.DEFAULTS.maxHistory(), Limits.DEFAULTS.maxRecovery(),
                Limits.DEFAULTS.maxBatch());
        ServerInfo info = new ServerInfo(ServerInfo.currentVersion(), config.effectivePublicUrl());
        this.core = new Chorus(store, broker, info, limits, metrics, metrics);
        ConnectionLimits connectionLimits = new ConnectionLimits(config.rateLimit(), config.maxSubscriptions(),
                config.maxConnectionsPerUser(), config.outboundQueue(), config.pingIntervalSeconds());
        this.admin = new AdminApi(core, adminToken, json);
        this.diode = new DiodeApi(core, json, connectionLimits, metrics::slowConsumerDropped, config.maxBodyBytes(),
                config.maxFrameBytes());
        this.socketIo = new SocketIoApi(json, broker::publish, config.socketIo());
        // In conformance mode "/" is the official suites' echo namespace, so the chat is not served there.
        this.chat = config.socketIo().conformance() ? null : new ChatApi(core, json, socketIo.server(), adminToken.value());
        String dhSecret = config.deviceHive().jwtSecret();
        this.deviceHive = new DeviceHiveApi(core, json, dhSecret != null && !dhSecret.isBlank() ? dhSecret : adminToken.value(),
                config.deviceHive().referenceTokens(), config.outboundQueue(), config.cluster().nodeName(), config.cluster().broker().equals("local"),
                config.cluster().store(), config.deviceHive().retentionDays());
        this.chat21 = new Chat21Api(core, broker, json, chat21Secret, config.chat21());
        this.mqtt = new MqttServer(chat21.mqtt(), core.blocking(), MqttOptions.defaults());
        metrics.watch(hub);
        metrics.watch(broker);
        metrics.watch(store);
        broker.start(core.directorySync());
    }

    /** Opens the store and starts listening; throws a one-line reason when it cannot. */
    public static ChorusServer start(ServerConfig config) throws StartupException {
        Path data = prepareDataDir(config.dataDir());
        AdminToken token = AdminToken.resolve(config.adminToken(), data);
        ClusterConfig cluster = config.cluster();
        Store store;
        try {
            store = Stores.open(cluster.store(), data, config.durableSync(), cluster.pgUrl());
        } catch (RuntimeException e) {
            throw new StartupException("cannot open the store (" + Stores.describe(cluster.store(), data, cluster.pgUrl())
                    + "): " + rootMessage(e));
        }
        Hub hub = new Hub(config.eventLoops());
        Broker broker;
        try {
            broker = openBroker(cluster, hub);
        } catch (Exception e) {
            store.close();
            throw new StartupException("cannot connect to NATS at " + cluster.natsUrl() + ": " + rootMessage(e));
        }
        String chat21Secret = KeptSecret.resolve(config.chat21().jwtSecret(), data, CHAT21_SECRET_FILE, "Chat21 JWT secret").value();
        if (chat21Secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            org.slf4j.LoggerFactory.getLogger(ChorusServer.class).warn("the Chat21 JWT secret is shorter than 32 bytes: "
                    + "anyone who guesses it can sign tokens for any user; use a long random one where you can");
        }
        ChorusServer server = new ChorusServer(config, token, store, hub, broker, chat21Secret);
        String generatedDeviceHivePassword;
        try {
            server.ensureDefaultZone();
            generatedDeviceHivePassword = server.deviceHive.ensureAdmin(config.deviceHive().adminPassword());
            server.listen();
        } catch (StartupException | RuntimeException e) {
            server.stop();
            if (e instanceof StartupException se) throw se;
            throw new StartupException("cannot start: " + rootMessage(e));
        }
        if (token.generated() && !config.quiet()) {
            System.out.println("Generated the admin token (kept in " + data.resolve(AdminToken.FILE) + "): " + token.value());
        }
        server.generatedDeviceHivePassword = generatedDeviceHivePassword;
        return server;
    }

    private static Broker openBroker(ClusterConfig cluster, Hub hub) throws Exception {
        if (cluster.broker().equals("local")) return new LocalBroker(hub);
        ObjectMapper wire = ClusterWire.mapper();
        return NatsBroker.connect(hub, cluster.natsUrl(), cluster.clusterName(), cluster.nodeName(),
                ClusterWire.codec(wire, java.util.Map.of("socketio", Broadcast.class,
                        "chat21_relay", io.chorus.api.chat21.Chat21Relay.class,
                        "chat21_catchup", io.chorus.api.chat21.Chat21Catchup.class)), wire);
    }

    private static Path prepareDataDir(Path dir) throws StartupException {
        try {
            Files.createDirectories(dir);
        } catch (Exception e) {
            throw new StartupException("cannot create the data directory " + dir + ": " + rootMessage(e));
        }
        if (!Files.isDirectory(dir) || !Files.isReadable(dir) || !Files.isWritable(dir)) {
            throw new StartupException("the data directory " + dir + " is not a readable and writable directory");
        }
        return dir;
    }

    private void ensureDefaultZone() {
        if (core.directory().zone(Zone.DEFAULT_ID).isPresent()) return;
        try {
            core.zones().createZone(Zone.DEFAULT_ID, "Default");
        } catch (RuntimeException e) {
            // Nodes starting together on a fresh database race for it; the loser finds the winner's zone.
            Zone existing = core.store().findZone(Zone.DEFAULT_ID).orElseThrow(() -> e);
            core.directorySync().accept(new Broker.Control.DirectoryChanged(Broker.Control.Entity.ZONE, existing.id(), null));
            core.store().loadChannels().stream().filter(c -> c.zoneId().equals(existing.id())).forEach(c ->
                    core.directorySync().accept(new Broker.Control.DirectoryChanged(Broker.Control.Entity.CHANNEL, c.id(), null)));
        }
    }

    private void listen() throws StartupException {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()).setPreferNativeTransport(true));
        try {
            // Every listener asks for the same port (0 included): Vert.x shares one socket between them.
            java.util.Set<Integer> ports = new java.util.HashSet<>();
            for (int i = 0; i < config.eventLoops(); i++) {
                // A negative port asks Vert.x for one random port shared by every listener that names it.
                HttpVerticle v = new HttpVerticle(this, hub.shard(i), config.port() == 0 ? -1 : config.port());
                vertx.deployVerticle(v).await(30, TimeUnit.SECONDS);
                ports.add(v.actualPort());
            }
            if (ports.size() != 1) throw new StartupException("event loops ended up on different ports: " + ports);
            port = ports.iterator().next();
            scheduleDeviceRetention();
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && !(root instanceof StartupException)) root = root.getCause();
            if (root instanceof StartupException s) throw s;
            if (root instanceof BindException) {
                throw new StartupException("cannot listen on " + config.host() + ":" + config.port() + ": "
                        + (root.getMessage() == null ? "address in use" : root.getMessage().toLowerCase()));
            }
            throw new StartupException("cannot listen on " + config.host() + ":" + config.port() + ": " + rootMessage(e));
        }
    }

    /** Forgets DeviceHive commands and notifications past the retention, now and every hour (off the loops). */
    private void scheduleDeviceRetention() {
        int days = config.deviceHive().retentionDays();
        if (days <= 0) return;
        Runnable purge = () -> core.blocking().execute(() -> {
            try {
                core.devices().store().purgeMessagesBefore(System.currentTimeMillis() - days * 86_400_000L);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ChorusServer.class).warn("DeviceHive retention purge failed: {}", e.getMessage());
            }
        });
        purge.run();
        vertx.setPeriodic(3_600_000L, id -> purge.run());
    }

    /** The routes of one event loop. */
    void mountRoutes(Router router, Shard shard) {
        router.route().handler(rc -> {
            if (draining) {
                rc.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end("{\"error\":\"unavailable\",\"reason\":\"the server is shutting down\"}");
            } else {
                rc.next();
            }
        });
        router.get("/health").handler(rc -> {
            boolean storeOk = core.store().healthy();
            boolean brokerOk = broker.healthy();
            ObjectNode h = json.createObjectNode();
            h.put("status", storeOk && brokerOk ? "ok" : "degraded");
            h.put("version", core.info().version());
            h.put("node", config.cluster().nodeName());
            h.putObject("store").put("ok", storeOk).put("kind", config.cluster().store())
                    .put("queued_writes", core.messaging().queuedWrites());
            ObjectNode b = h.putObject("broker").put("ok", brokerOk).put("kind", broker.kind());
            if (broker instanceof NatsBroker nats) b.put("status", nats.status()).put("reconnects", nats.reconnects());
            rc.response().setStatusCode(storeOk ? 200 : 503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(h.toString());
        });
        router.get("/metrics").handler(rc -> rc.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        // The remote API first: its durable sends are the hottest route, and the router tries routes in order
        // (the admin routes' path parameters are regular expressions). No other route shares its path.
        diode.mount(router);
        admin.mount(router);
        socketIo.mount(router, shard);
        deviceHive.mount(router, shard);
        if (chat != null) chat.mount(router);
        chat21.mount(router);
        router.route().failureHandler(rc -> {
            int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
            if (status == 500) org.slf4j.LoggerFactory.getLogger(ChorusServer.class).error("request failed", rc.failure());
            String reason = switch (status) {
                case 413 -> "the request body is too large";
                case 400 -> "bad request";
                default -> status == 500 ? "internal error" : "request failed";
            };
            if (!rc.response().ended()) {
                rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end("{\"error\":\"" + (status == 413 ? "payload_too_large" : "error") + "\",\"reason\":\"" + reason + "\"}");
            }
        });
    }

    /**
     * WebSocket endpoints by path. Upgrades are taken at the HTTP server, before the router, so that sessions get
     * the raw socket (whose Netty context lets a fan-out frame be shared rather than copied per recipient).
     */
    java.util.Map<String, WebSocketEndpoint> webSocketRoutes() {
        java.util.Map<String, WebSocketEndpoint> routes = new java.util.HashMap<>(socketIo.webSocketEndpoints());
        routes.put(DiodeApi.WS_PATH, diode.webSocketEndpoint());
        routes.putAll(deviceHive.webSocketEndpoints(config.maxFrameBytes()));
        // Chat21 clients reach MQTT over WebSocket at /ws (the reference's RabbitMQ Web-MQTT path) or /mqtt.
        routes.put("/mqtt", mqtt.webSocketEndpoint());
        routes.put("/ws", mqtt.webSocketEndpoint());
        return routes;
    }

    /** The MQTT server (its TCP listeners run in each {@link HttpVerticle}). */
    MqttServer mqtt() { return mqtt; }

    /** The MQTT TCP port, or -1 when none is open. */
    public int mqttPort() { return mqttPort; }

    void mqttListening(int port) { mqttPort = port; }

    /** The DeviceHive admin's password when this start created the account with a generated one, else null. */
    public String generatedDeviceHivePassword() { return generatedDeviceHivePassword; }

    /** The Socket.IO server, where facades (and tests) register namespaces. */
    public SocketIoServer socketIo() { return socketIo.server(); }

    boolean draining() { return draining; }

    /**
     * Stops in the order that loses nothing: refuse new work, commit what is queued (so every acknowledged send is
     * durable and its acknowledgement written), close sockets with "going away", then release everything.
     */
    public synchronized void stop() {
        draining = true;
        core.messaging().close();
        if (vertx != null) {
            hub.closeSessions(s -> true, CloseReason.GOING_AWAY);
            long deadline = System.currentTimeMillis() + 2000;
            while (System.currentTimeMillis() < deadline && openSessions() > 0) sleep(20);
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // Closing is best effort once the store is flushed.
            }
            vertx = null;
        }
        core.close();
        broker.close();
        metrics.close();
    }

    private long openSessions() {
        long n = 0;
        for (var c : hub.sessionsByApi().values()) n += c.get();
        return n;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    public int port() { return port; }

    public ServerConfig config() { return config; }

    public String adminToken() { return adminToken.value(); }

    public Chorus core() { return core; }

    public Hub hub() { return hub; }
}
