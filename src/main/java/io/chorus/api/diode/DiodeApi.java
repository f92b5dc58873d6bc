package io.chorus.api.diode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.api.diode.jsonrpc.JsonRpcCodec;
import io.chorus.api.diode.jsonrpc.JsonRpcInput;
import io.chorus.core.Chorus;
import io.chorus.core.User;
import io.chorus.transport.ConnectionLimits;
import io.chorus.transport.LoopInbox;
import io.chorus.transport.OffLoop;
import io.chorus.transport.TransportObserver;
import io.chorus.transport.WebSocketEndpoint;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Diode remote API: JSON-RPC 2.0 over {@code POST /api/json_rpc} (bearer token per request) and over the
 * WebSocket {@code /api/json_rpc/ws} (first call {@code authenticate}). Shared by every event loop.
 */
public final class DiodeApi {
    public static final String HTTP_PATH = "/api/json_rpc";
    public static final String WS_PATH = "/api/json_rpc/ws";

    /**
     * Bodies up to this size are parsed on the event loop (as WebSocket frames are), so a call that need not block
     * (a send to a channel id) is answered without a virtual thread; larger ones are parsed off the loop.
     */
    private static final int PARSE_ON_LOOP_BYTES = 64 * 1024;

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

    /** The WebSocket at {@link #WS_PATH}: each session joins the shard of the loop it runs on. */
    public WebSocketEndpoint webSocketEndpoint() {
        return WebSocketEndpoint.messages(maxWebSocketMessageBytes, (ws, upgrade, shard) -> new DiodeWebSocketSession(shard, ws, this).start());
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
        if (body.length > PARSE_ON_LOOP_BYTES) {
            OffLoop.call(core.blocking(), () -> dispatcher.process(codec.parse(body), call)).onComplete(ar -> reply(rc, ar));
            return;
        }
        JsonRpcInput input = codec.parse(body);
        CompletableFuture<ObjectNode> now = dispatcher.processNow(input, call);
        if (now == null) {
            OffLoop.call(core.blocking(), () -> dispatcher.process(input, call)).onComplete(ar -> reply(rc, ar));
        } else if (now.isDone()) {
            replyNow(rc, now);
        } else {
            // Completes on the store's writer once the message is durable: answer from the request's own loop, which
            // takes a commit's answers in one wake-up.
            LoopInbox loop = LoopInbox.of(Vertx.currentContext());
            now.whenComplete((r, e) -> loop.execute(() -> replyNow(rc, now)));
        }
    }

    private void replyNow(RoutingContext rc, CompletableFuture<ObjectNode> done) {
        ObjectNode r;
        try {
            r = done.join();
        } catch (RuntimeException e) {
            rc.fail(e.getCause() != null ? e.getCause() : e);
            return;
        }
        reply(rc, r == null ? null : codec.encode(r));
    }

    private static void reply(RoutingContext rc, AsyncResult<byte[]> ar) {
        if (ar.failed()) rc.fail(ar.cause());
        else reply(rc, ar.result());
    }

    private static void reply(RoutingContext rc, byte[] encoded) {
        if (encoded == null) {
            rc.response().setStatusCode(204).end();
        } else {
            rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(encoded));
        }
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
}
