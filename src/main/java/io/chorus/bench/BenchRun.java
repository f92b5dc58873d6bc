package io.chorus.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * One benchmark run: the load tool's event loops, the target (Chorus or NATS) and its connections, the server's
 * process statistics, a live progress line, and the JSON result written at the end.
 */
final class BenchRun implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final BenchOptions options;
    final String scenario;
    final Vertx vertx;
    final ProcessStats server;
    /** This process: the load tool's own CPU, reported beside the server's. */
    final ProcessStats tool = new ProcessStats(ProcessHandle.current().pid());
    final ObjectNode result = JSON.createObjectNode();
    private final List<WebSocketClient> sources = new ArrayList<>();
    /** TCP clients for the MQTT targets, one per source address as for WebSockets. */
    private final List<NetClient> tcpSources = new ArrayList<>();
    private final List<BenchClient> clients = new ArrayList<>();
    /** Connections the server or the network ended, by reason (written before the run closes its own). */
    private final Map<String, LongAdder> lostByReason = new ConcurrentHashMap<>();
    private final LongAdder lost = new LongAdder();
    private ChorusSetup chorus;
    private ChatSetup chat;
    private DeviceHiveSetup deviceHive;
    private Chat21Setup chat21;

    BenchRun(BenchOptions options, String scenario) {
        this.options = options;
        this.scenario = scenario;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.loops));
        this.server = new ProcessStats(options.serverPid);
        for (int i = 0; i < Math.max(1, options.sources); i++) {
            WebSocketClientOptions o = new WebSocketClientOptions().setMaxConnections(1_000_000).setTcpNoDelay(true)
                    .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22);
            String from = options.sourceAddress(i);
            if (from != null) o.setLocalAddress(from);
            sources.add(vertx.createWebSocketClient(o));
            NetClientOptions t = new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(30_000);
            if (from != null) t.setLocalAddress(from);
            if (isMqtt()) tcpSources.add(vertx.createNetClient(t));
        }
        result.put("scenario", scenario);
        result.put("target", options.target);
        result.put("label", options.label);
        result.put("started", Instant.now().toString());
        ObjectNode machine = result.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("load_tool_loops", options.loops);
        machine.put("tcp_nodelay", true);
    }

    /** Whether the server is Chorus (whose metrics the run can read), through any of its APIs. */
    boolean isChorus() { return List.of("chorus", "socketio", "devicehive", "devicehive-commands", "mqtt").contains(options.target); }

    boolean isMqtt() { return options.target.equals("mqtt") || options.target.equals("mosquitto"); }

    /** Chorus's Diode API only: the zone and users, made on first use ({@code users} tokens, 100 connections each at most). */
    ChorusSetup chorus(int users) {
        if (chorus == null) chorus = new ChorusSetup(options.url, options.adminToken(), users);
        return chorus;
    }

    /** Channel (Chorus) or subject/room/topic (NATS, Node Socket.IO, Mosquitto) names for {@code count} groups. */
    List<String> channels(int count, int users) { return channels(count, users, 0); }

    /**
     * The same; a Chat21 group (--target mqtt) also needs its members up front: group {@code i} holds the users of
     * clients {@code i * clientsPerChannel} to {@code (i + 1) * clientsPerChannel - 1} (0: none but the admin).
     */
    List<String> channels(int count, int users, int clientsPerChannel) {
        List<String> out = new ArrayList<>();
        switch (options.target) {
            case "chorus" -> {
                ChorusSetup s = chorus(users);
                out.add(s.generalChannel);
                for (int i = 1; i < count; i++) out.add(s.createChannel("g" + i));
            }
            case "socketio" -> {
                if (chat == null) chat = new ChatSetup(options.url, options.adminToken(), users);
                for (int i = 0; i < count; i++) out.add(chat.createChannel("g" + i));
            }
            case "devicehive", "devicehive-commands" -> {
                if (deviceHive == null) deviceHive = new DeviceHiveSetup(options.url, options.deviceHivePassword());
                for (int i = 0; i < count; i++) out.add(deviceHive.createDevice("d" + i));
            }
            case "mqtt" -> {
                if (chat21 == null) chat21 = new Chat21Setup(options.url, options.chat21App, options.chat21Secret());
                for (int i = 0; i < count; i++) out.add(chat21.createGroup("g" + i, i * clientsPerChannel, clientsPerChannel));
            }
            default -> {
                String run = Long.toString(System.nanoTime(), 36);
                for (int i = 0; i < count; i++) out.add("bench." + run + "." + i);
            }
        }
        return out;
    }

    /** A new, not yet connected client number {@code i} (spread over the source addresses and users). */
    BenchClient client(int i, URI node) {
        WebSocketClient source = sources.get(i % sources.size());
        BenchClient c = switch (options.target) {
            case "chorus" -> new DiodeBenchClient(source, node.getHost(), node.getPort(),
                    chorus.tokens.get(i % chorus.tokens.size()), chorus.zoneId);
            case "nats", "jetstream" -> new NatsBenchClient(source, options.natsWs.getHost(), options.natsWs.getPort(),
                    options.target.equals("jetstream"));
            case "socketio" -> new SocketIoBenchClient(source, node.getHost(), node.getPort(), chat.tokens.get(i % chat.tokens.size()));
            case "socketio-node" -> new SocketIoBenchClient(source, node.getHost(), node.getPort(), null);
            case "devicehive", "devicehive-commands" -> new DeviceHiveBenchClient(source, node.getHost(), node.getPort(),
                    deviceHive.token, options.target.equals("devicehive-commands"), options.acknowledge);
            case "mqtt" -> new MqttBenchClient(tcpSources.get(i % tcpSources.size()), source, options.mqtt, chat21.client(i));
            case "mosquitto" -> new MqttBenchClient(tcpSources.get(i % tcpSources.size()), source, options.mqtt, null);
            default -> throw new IllegalArgumentException("unknown target " + options.target);
        };
        c.onLost(reason -> {
            lost.increment();
            lostByReason.computeIfAbsent(reason, k -> new LongAdder()).increment();
        });
        clients.add(c);
        return c;
    }

    /**
     * Connects {@code count} clients with at most {@code parallel} handshakes in flight, runs {@code ready} on each,
     * and reports progress; returns the clients and fills {@code connectSeconds}.
     */
    List<BenchClient> connect(int count, int parallel, Function<BenchClient, Future<Void>> ready, double[] connectSeconds) {
        return connect(options.url, count, parallel, ready, connectSeconds);
    }

    /** The same, to a given Chorus node (a cluster run puts publishers and subscribers on different nodes). */
    List<BenchClient> connect(URI node, int count, int parallel, Function<BenchClient, Future<Void>> ready,
                              double[] connectSeconds) {
        List<BenchClient> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(client(clients.size(), node));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        java.util.concurrent.CompletableFuture<Void> all = new java.util.concurrent.CompletableFuture<>();
        long start = System.nanoTime();
        Runnable[] launch = new Runnable[1];
        launch[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= count) return;
            BenchClient c = out.get(i);
            c.connect().compose(v -> ready.apply(c)).onComplete(ar -> {
                if (ar.failed()) {
                    all.completeExceptionally(new IllegalStateException("connection " + i + " failed: " + ar.cause().getMessage()));
                    return;
                }
                if (done.incrementAndGet() == count) all.complete(null);
                launch[0].run();
            });
        };
        for (int i = 0; i < Math.min(parallel, count); i++) vertx.runOnContext(v -> launch[0].run());
        Progress progress = new Progress(() -> String.format("[%s] connecting %d/%d", scenario, done.get(), count));
        try {
            all.join();
        } finally {
            progress.close();
        }
        connectSeconds[0] = (System.nanoTime() - start) / 1e9;
        return out;
    }

    /** How many connections the server or the network has ended so far (see {@link ConnectionLoss}). */
    long lostConnections() { return lost.sum(); }

    /** Writes the result file (with the connections lost over the run, by reason) and returns its path. */
    Path write() throws java.io.IOException {
        result.put("connections_lost", lost.sum());
        ObjectNode reasons = result.putObject("connections_lost_by_reason");
        lostByReason.forEach((reason, n) -> reasons.put(reason, n.sum()));
        if (lost.sum() > 0) System.out.println("connections ended by the server or the network: " + reasons);
        Files.createDirectories(options.out);
        String name = scenario + "-" + options.target + (options.label.isBlank() ? "" : "-" + options.label) + "-"
                + Instant.now().toString().replace(":", "").replace(".", "") + ".json";
        Path file = options.out.resolve(name);
        JSON.writeValue(file.toFile(), result);
        return file;
    }

    @Override
    public void close() {
        for (BenchClient c : clients) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // Closing is best effort: the run is over.
            }
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
