package io.chorus.api.socketio.engine;

import io.chorus.fanout.Shard;
import io.chorus.transport.WebSocketConnection;
import io.chorus.transport.WebSocketEndpoint;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Engine.IO endpoint (such as {@code /socket.io/}): the handshake, the routing of polling requests and
 * WebSocket connections to their sessions, and the HTTP-level errors. A session lives on the event loop that
 * handled its handshake; requests that arrive on another loop are handed over to it.
 */
public final class EngineIoServer {
    /** Engine.IO's own HTTP error codes and messages (clients show them). */
    enum Failure {
        UNKNOWN_TRANSPORT(0, "Transport unknown", 400),
        UNKNOWN_SID(1, "Session ID unknown", 400),
        BAD_HANDSHAKE_METHOD(2, "Bad handshake method", 400),
        BAD_REQUEST(3, "Bad request", 400),
        FORBIDDEN(4, "Forbidden", 403),
        UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", 400);

        final int code;
        final String message;
        final int status;

        Failure(int code, String message, int status) {
            this.code = code;
            this.message = message;
            this.status = status;
        }
    }

    /** What runs above Engine.IO: told of every new session, it returns the session's packet handler. */
    public interface Listener {
        EngineIoSession.Handler opened(EngineIoSession session);

        /** Whether sessions keep this request header or query parameter (lower-case name) for the layer above. */
        default boolean keepsRequestField(String name) { return true; }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EngineIoOptions options;
    private final Listener listener;
    private final Map<String, EngineIoSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

    public EngineIoServer(EngineIoOptions options, Listener listener) {
        this.options = options;
        this.listener = listener;
    }

    public EngineIoOptions options() { return options; }

    public int sessionCount() { return sessions.size(); }

    // ---- HTTP long-polling

    public void handle(HttpServerRequest req, Shard shard) {
        HttpServerResponse res = req.response();
        Cors.apply(options.corsOrigins(), req, res);
        if (req.method() == HttpMethod.OPTIONS) {
            res.setStatusCode(204).end();
            return;
        }
        int protocol = protocol(req.getParam("EIO"));
        if (protocol < 0) {
            fail(res, Failure.UNSUPPORTED_PROTOCOL_VERSION);
            return;
        }
        String transport = req.getParam("transport");
        if (!"polling".equals(transport)) {
            fail(res, "websocket".equals(transport) ? Failure.BAD_REQUEST : Failure.UNKNOWN_TRANSPORT);
            return;
        }
        String sid = req.getParam("sid");
        if (sid == null) {
            if (req.method() != HttpMethod.GET) {
                fail(res, Failure.BAD_HANDSHAKE_METHOD);
                return;
            }
            EngineIoSession s = open(protocol, request(req), shard, res);
            if (s != null) s.startPolling(req, listener);
            return;
        }
        EngineIoSession s = sessions.get(sid);
        if (s == null || s.protocol() != protocol) {
            fail(res, Failure.UNKNOWN_SID);
            return;
        }
        if (req.method() == HttpMethod.GET) {
            PollingResponse poll = new PollingResponse(res);
            res.closeHandler(v -> s.onLoop(() -> s.pollAborted(poll)));
            s.onLoop(() -> s.poll(poll));
        } else if (req.method() == HttpMethod.POST) {
            readBody(req, s);
        } else {
            fail(res, Failure.BAD_REQUEST);
        }
    }

    /** Reads a POST body up to maxPayload on the request's loop, then hands it to the session. */
    private void readBody(HttpServerRequest req, EngineIoSession s) {
        if (!s.beginPost()) {
            fail(req.response(), Failure.BAD_REQUEST);
            s.onLoop(() -> s.close("transport error"));
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        req.handler(chunk -> {
            if (tooLarge[0]) return;
            if (body.length() + chunk.length() > options.maxPayload()) {
                tooLarge[0] = true;
                req.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                        .end("{\"code\":3,\"message\":\"Bad request\",\"context\":{\"reason\":\"payload larger than maxPayload\"}}");
                s.onLoop(() -> s.close("transport error"));
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (tooLarge[0]) return;
            boolean binary = String.valueOf(req.getHeader("Content-Type")).startsWith("application/octet-stream");
            PollingResponse answer = new PollingResponse(req.response());
            s.onLoop(() -> s.post(body, binary, answer));
        });
        req.exceptionHandler(t -> s.onLoop(() -> s.close("transport error")));
    }

    // ---- WebSocket

    /** Whether a WebSocket upgrade may proceed: 0, or the HTTP status to refuse it with. */
    public int admit(HttpServerRequest upgrade) {
        MultiMap q = query(upgrade.uri());
        if (protocol(q.get("EIO")) < 0 || !"websocket".equals(q.get("transport"))) return 400;
        String sid = q.get("sid");
        if (sid != null && !sessions.containsKey(sid)) return 400;
        return 0;
    }

    /** The WebSocket endpoint: messages up to the payload limit, Engine.IO's admission rules. */
    public WebSocketEndpoint webSocketEndpoint() {
        return new WebSocketEndpoint(this::admit, options.maxPayload(), null, this::accept);
    }

    private void accept(WebSocketConnection ws, HttpServerRequest upgrade, Shard shard) {
        MultiMap q = query(upgrade.uri());
        int protocol = protocol(q.get("EIO"));
        String sid = q.get("sid");
        if (sid == null) {
            EngineIoSession s = open(protocol, request(upgrade), shard, null);
            if (s == null) {
                ws.close(1008, "Forbidden");
                return;
            }
            s.startWebSocket(ws, listener);
            return;
        }
        EngineIoSession s = sessions.get(sid);
        if (s == null || s.protocol() != protocol) {
            ws.close(1008, "Session ID unknown");
            return;
        }
        ws.pause();
        s.onLoop(() -> s.upgrade(ws));
    }

    // ---- sessions

    private EngineIoSession open(int protocol, EngineIoRequest request, Shard shard, HttpServerResponse res) {
        String address = request.remoteAddress();
        // Counted inside the map's atomic update: loops open and close sessions of one address concurrently.
        int max = options.maxSessionsPerAddress();
        boolean[] admitted = {false};
        perAddress.compute(address, (a, n) -> {
            int open = n == null ? 0 : n;
            if (max > 0 && open >= max) return n;
            admitted[0] = true;
            return open + 1;
        });
        if (!admitted[0]) {
            if (res != null) {
                res.setStatusCode(403).putHeader("Content-Type", "application/json")
                        .end("{\"code\":4,\"message\":\"Forbidden\",\"context\":{\"reason\":\"too many sessions from this address\"}}");
            }
            return null;
        }
        EngineIoSession s = new EngineIoSession(this, newSid(), protocol, request, shard);
        sessions.put(s.sid(), s);
        return s;
    }

    void closed(EngineIoSession s) {
        if (sessions.remove(s.sid(), s)) release(s.request().remoteAddress());
    }

    private void release(String address) {
        perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    static String newSid() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static MultiMap query(String uri) {
        MultiMap q = MultiMap.caseInsensitiveMultiMap();
        new QueryStringDecoder(uri).parameters().forEach(q::add);
        return q;
    }

    private int protocol(String eio) {
        if ("4".equals(eio)) return 4;
        if ("3".equals(eio) && options.allowEio3()) return 3;
        return -1;
    }

    private EngineIoRequest request(HttpServerRequest req) {
        return new EngineIoRequest(req.headers(), req.params(), address(req.remoteAddress()), listener::keepsRequestField);
    }

    private static String address(io.vertx.core.net.SocketAddress a) {
        return a == null ? "unknown" : a.hostAddress();
    }

    static void fail(HttpServerResponse res, Failure f) {
        if (res.ended()) return;
        res.setStatusCode(f.status).putHeader("Content-Type", "application/json")
                .end("{\"code\":" + f.code + ",\"message\":\"" + f.message + "\"}");
    }
}
