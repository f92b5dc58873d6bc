package io.chorus.api.diode;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.api.diode.jsonrpc.JsonRpcCodec;
import io.chorus.core.Chorus;
import io.chorus.core.User;
import io.chorus.fanout.Shard;
import io.chorus.transport.ConnectionLimits;
import io.chorus.transport.OffLoop;
import io.chorus.transport.TransportObserver;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Optional;

/**
 * The Diode remote API: JSON-RPC 2.0 over {@code POST /api/json_rpc} (bearer token per request) and over the
 * WebSocket {@code /api/json_rpc/ws} (first call {@code authenticate}). Shared by every event loop.
 */
public final class DiodeApi {
    public static final String HTTP_PATH = "/api/json_rpc";
    public static final String WS_PATH = "/api/json_rpc/ws";

    private final Chorus core;
    private final ConnectionLimits limits;
    private final TransportObserver observer;
    private final JsonRpcCodec codec;
    private final DiodeFormat format;
    private final DiodeDispatcher dispatcher;
    private final int maxBodyBytes;
    private final int maxWebSocketMessageBytes;

    public DiodeApi(Chorus core, ObjectMapper json, ConnectionLimits limits, TransportObserver observer, int maxBodyBytes,
                    int maxWebSocketMessageBytes) {
        this.maxWebSocketMessageBytes = maxWebSocketMessageBytes;
        this.core = core;
        this.limits = limits;
        this.observer = observer;
        this.maxBodyBytes = maxBodyBytes;
        this.codec = new JsonRpcCodec(json);
        DiodeMessages messages = new DiodeMessages(json);
        this.format = new DiodeFormat(json, messages);
        DiodeChannelRefs channels = new DiodeChannelRefs(core);
        DiodeMethods methods = new DiodeMethods(core, messages, json, channels,
                new DiodeSubscriptions(core, json, channels), new DiodeMembers(core, json));
        this.dispatcher = new DiodeDispatcher(methods, codec);
    }

    /** Adds the HTTP route to one event loop's router. */
    public void mount(Router router) {
        router.post(HTTP_PATH).handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes)).handler(this::http);
    }

    /** Takes an accepted WebSocket at {@link #WS_PATH}; the session joins the shard of the loop it runs on. */
    public void accept(ServerWebSocket ws, Shard shard) {
        new DiodeWebSocketSession(shard, ws, this).start();
    }

    private void http(RoutingContext rc) {
        String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (token == null || token.isEmpty()) {
            unauthorized(rc, "missing bearer token");
            return;
        }
        Optional<User> owner = core.directory().userByRemoteToken(token);
        if (owner.isEmpty()) {
            unauthorized(rc, "invalid token");
            return;
        }
        if (!owner.get().remoteApiEnabled()) {
            unauthorized(rc, "the remote API is disabled");
            return;
        }
        byte[] body = rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
        DiodeCall call = new DiodeCall(owner.get(), null);
        OffLoop.call(core.blocking(), () -> dispatcher.process(codec.parse(body), call)).onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(ar.cause());
            } else if (ar.result() == null) {
                rc.response().setStatusCode(204).end();
            } else {
                rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(io.vertx.core.buffer.Buffer.buffer(ar.result()));
            }
        });
    }

    private static void unauthorized(RoutingContext rc, String reason) {
        rc.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("WWW-Authenticate", "Bearer")
                .end("{\"error\":\"Unauthorized\",\"reason\":\"" + reason + "\"}");
    }

    Chorus core() { return core; }

    ConnectionLimits limits() { return limits; }

    TransportObserver observer() { return observer; }

    JsonRpcCodec codec() { return codec; }

    DiodeFormat format() { return format; }

    DiodeDispatcher dispatcher() { return dispatcher; }

    /** The largest WebSocket message accepted (the HTTP body limit applies to frames too). */
    int maxMessageBytes() { return maxWebSocketMessageBytes; }
}
