package io.chorus.api.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.api.socketio.engine.EngineIoServer;
import io.chorus.fanout.Publication;
import io.chorus.fanout.Shard;
import io.chorus.transport.Resource;
import io.chorus.transport.WebSocketEndpoint;
import io.vertx.ext.web.Router;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Socket.IO facade: Engine.IO and Socket.IO at {@code /socket.io/} on the server's own port. Namespaces are
 * registered on {@link #server()}. In conformance mode the endpoint also carries the echo namespaces, and a raw
 * Engine.IO echo is served at {@code /engine.io/}, as the official test suites expect.
 */
public final class SocketIoApi {
    public static final String PATH = "/socket.io/";
    public static final String ENGINE_IO_PATH = "/engine.io/";

    private final SocketIoServer server;
    private final EngineIoServer engine;
    private final EngineIoServer rawEcho;
    /** The browser client (socket.io-client 4.8.1, MIT, in the jar), served where Node's server serves it. */
    private final Resource client = Resource.of("web/vendor/socket.io.min.js", "application/javascript; charset=utf-8",
            "max-age=3600");

    public SocketIoApi(ObjectMapper json, Consumer<Publication> publisher, SocketIoOptions options) {
        this.server = new SocketIoServer(json, publisher, options.connectTimeoutMs(), options.recoveryWindowMs(),
                options.recoveryBuffer());
        this.engine = new EngineIoServer(options.engine(), server);
        this.rawEcho = options.conformance() ? new EngineIoServer(options.engine(), ConformanceEcho::engineIo) : null;
        if (options.conformance()) ConformanceEcho.register(server);
    }

    public SocketIoServer server() { return server; }

    public EngineIoServer engine() { return engine; }

    public void mount(Router router, Shard shard) {
        router.get(PATH + "socket.io.js").handler(client);
        router.get(PATH + "socket.io.min.js").handler(client);
        router.route(PATH + "*").handler(rc -> engine.handle(rc.request(), shard));
        if (rawEcho != null) router.route(ENGINE_IO_PATH + "*").handler(rc -> rawEcho.handle(rc.request(), shard));
    }

    public Map<String, WebSocketEndpoint> webSocketEndpoints() {
        Map<String, WebSocketEndpoint> m = new HashMap<>();
        m.put(PATH, engine.webSocketEndpoint());
        if (rawEcho != null) m.put(ENGINE_IO_PATH, rawEcho.webSocketEndpoint());
        return m;
    }
}
