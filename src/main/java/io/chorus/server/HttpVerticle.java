package io.chorus.server;

import io.chorus.fanout.Shard;
import io.chorus.transport.WebSocketUpgrade;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * One HTTP listener on one event loop (a Vert.x HttpServer uses a single loop; the server deploys one of these
 * per loop, all on the same port). Its WebSocket sessions form one fan-out shard, driven from this loop.
 */
final class HttpVerticle extends VerticleBase {
    private final ChorusServer server;
    private final Shard shard;
    private final int port;
    private HttpServer http;

    HttpVerticle(ChorusServer server, Shard shard, int port) {
        this.server = server;
        this.shard = shard;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        Context ctx = context;
        shard.bind(task -> ctx.runOnContext(v -> task.run()));
        Router router = Router.router(vertx);
        server.mountRoutes(router, shard);
        ServerConfig cfg = server.config();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(cfg.host())
                .setPort(port)
                .setTcpNoDelay(cfg.tcpNoDelay())
                .setCompressionSupported(false)
                // No client of the four APIs speaks HTTP/2 in clear text; without it each connection has fewer handlers.
                .setHttp2ClearTextEnabled(false)
                .setAcceptBacklog(4096) // reconnect storms: thousands of clients may come back at once
                .setIdleTimeout(0)
                // Every response is written on its connection's loop (OffLoop brings blocking work back there), so
                // Vert.x can write straight to the channel instead of keeping a 1,024-slot queue per connection.
                .setStrictThreadMode(true);
        long heartbeatMs = Math.max(200, cfg.pingIntervalSeconds() * 1000L / 5);
        vertx.setPeriodic(heartbeatMs, id -> shard.heartbeat(System.currentTimeMillis()));
        // Each facade enforces its own message limit; this is the ceiling of a single frame over all of them.
        int maxFrameBytes = Math.max(cfg.maxFrameBytes(), cfg.socketIo().engine().maxPayload());
        return vertx.createHttpServer(options)
                .requestHandler(WebSocketUpgrade.dispatcher(server.webSocketRoutes(), maxFrameBytes,
                        () -> server.draining() ? 503 : 0, shard, router))
                .listen().compose(s -> {
            http = s;
            return listenMqtt(cfg);
        });
    }

    /**
     * The MQTT TCP listener of this loop (every loop's shares the port). The default port (1883) is often taken by
     * another broker on the same machine: then MQTT over WebSocket still works and a warning says so; a port the user
     * chose must open or the start fails.
     */
    private Future<?> listenMqtt(ServerConfig cfg) {
        io.chorus.api.chat21.Chat21Options c21 = cfg.chat21();
        if (c21.mqttPort() < 0) return Future.succeededFuture();
        return vertx.createNetServer(new io.vertx.core.net.NetServerOptions().setHost(cfg.host())
                        .setPort(c21.mqttPort() == 0 ? -2 : c21.mqttPort()).setTcpNoDelay(cfg.tcpNoDelay()).setAcceptBacklog(4096))
                .connectHandler(socket -> server.mqtt().acceptTcp(socket, shard))
                .listen().map(n -> {
                    server.mqttListening(n.actualPort());
                    return (Object) n;
                }).recover(e -> {
                    if (c21.mqttPortExplicit()) {
                        return Future.failedFuture(new StartupException("cannot listen for MQTT on " + cfg.host() + ":"
                                + c21.mqttPort() + ": " + (e.getMessage() == null ? "address in use" : e.getMessage().toLowerCase())));
                    }
                    if (shard.index() == 0) {
                        org.slf4j.LoggerFactory.getLogger(HttpVerticle.class).warn("MQTT over TCP is off: cannot listen on {}:{} ({}); "
                                + "MQTT over WebSocket is on /mqtt and /ws", cfg.host(), c21.mqttPort(), e.getMessage());
                    }
                    return Future.succeededFuture();
                });
    }

    int actualPort() { return http.actualPort(); }
}
