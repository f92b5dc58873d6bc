package io.chorus.api.mqtt;

import io.chorus.fanout.Hub;
import io.chorus.fanout.Shard;
import io.chorus.transport.WebSocketEndpoint;
import io.chorus.transport.WebSocketUpgrade;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real MQTT server for tests: one event loop (one fan-out shard) with a TCP listener and an HTTP server whose
 * /mqtt and /ws paths take MQTT over WebSocket, both on random ports of 127.0.0.1, serving {@link TestChatApp}.
 */
final class MqttTestServer implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final Hub hub = new Hub(1);
    final TestChatApp app = new TestChatApp(hub);
    final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    final MqttServer mqtt;
    final int tcpPort;
    final int httpPort;

    MqttTestServer(MqttOptions options) {
        mqtt = new MqttServer(app, blocking, options);
        Shard shard = hub.shard(0);
        Context ctx = vertx.getOrCreateContext();
        shard.bind(task -> ctx.runOnContext(v -> task.run()));
        CompletableFuture<int[]> ports = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            vertx.setPeriodic(100, id -> shard.heartbeat(System.currentTimeMillis()));
            Future<NetServer> tcp = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
                    .connectHandler(socket -> mqtt.acceptTcp(socket, shard))
                    .listen();
            WebSocketEndpoint endpoint = mqtt.webSocketEndpoint();
            Future<HttpServer> http = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                    .requestHandler(WebSocketUpgrade.dispatcher(Map.of("/mqtt", endpoint, "/ws", endpoint), 1 << 20,
                            () -> 0, shard, req -> req.response().setStatusCode(404).end()))
                    .listen();
            Future.all(tcp, http).onSuccess(all -> ports.complete(new int[] {tcp.result().actualPort(), http.result().actualPort()}))
                    .onFailure(ports::completeExceptionally);
        });
        int[] p = ports.join();
        tcpPort = p[0];
        httpPort = p[1];
    }

    String tcpUrl() { return "mqtt://127.0.0.1:" + tcpPort; }

    String wsUrl(String path) { return "ws://127.0.0.1:" + httpPort + path; }

    /** How many MQTT sessions the hub counts as open. */
    long sessions() { return hub.sessions(MqttServer.API); }

    @Override
    public void close() {
        vertx.close().await();
        blocking.shutdownNow();
    }
}
