package io.chorus.transport;

import io.chorus.fanout.Shard;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;

import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Turns a Vert.x HTTP/1 upgrade request into a {@link WebSocketConnection}: Netty's handshaker answers 101 and
 * swaps the HTTP codec for the WebSocket one (as Vert.x itself does), then the Vert.x connection handler is replaced
 * by Chorus's, so no Vert.x connection object, queue or header map stays behind the socket. Runs on the request's
 * event loop, inside its request handler.
 *
 * <p>This reaches into Vert.x's implementation ({@code ConnectionBase}, {@code VertxHandler}; Vert.x is pinned at
 * 5.0.10): after a Vert.x upgrade, run WebSocketConnectionTest and the API suites before trusting it.
 */
public final class WebSocketUpgrade {
    private WebSocketUpgrade() {}

    /**
     * The request handler of one event loop's HTTP server: an upgrade to one of {@code endpoints}' paths becomes a
     * WebSocket of that endpoint (unless {@code refusing} answers a status, such as 503 while draining, or the
     * endpoint refuses it); every other request goes to {@code otherwise}.
     */
    public static Handler<HttpServerRequest> dispatcher(Map<String, WebSocketEndpoint> endpoints, int maxFrameBytes,
                                                       IntSupplier refusing, Shard shard, Handler<HttpServerRequest> otherwise) {
        return req -> {
            WebSocketEndpoint endpoint = requested(req) ? endpoints.get(req.path()) : null;
            if (endpoint == null) {
                otherwise.handle(req);
                return;
            }
            int refusal = refusing.getAsInt();
            if (refusal == 0) refusal = endpoint.admit().applyAsInt(req);
            if (refusal != 0) {
                refuse(req, refusal);
                return;
            }
            WebSocketConnection ws = accept(req, endpoint, maxFrameBytes);
            if (ws != null) endpoint.accept().accept(ws, req, shard);
        };
    }

    /** Whether {@code req} asks to become a WebSocket (RFC 6455 §4.1: GET, Upgrade: websocket). */
    private static boolean requested(HttpServerRequest req) {
        String upgrade = req.getHeader(HttpHeaderNames.UPGRADE);
        return req.method() == io.vertx.core.http.HttpMethod.GET && upgrade != null
                && upgrade.equalsIgnoreCase(HttpHeaderValues.WEBSOCKET.toString());
    }

    /** Refuses an upgrade with an HTTP status (its reason phrase as the body). */
    private static void refuse(HttpServerRequest req, int status) {
        req.response().setStatusCode(status).end(HttpResponseStatus.valueOf(status).reasonPhrase());
    }

    /**
     * Completes the handshake for {@code endpoint} and returns the open connection, or answers the request with an
     * error and returns null (a WebSocket version other than 13, 8 or 7: 426 with the supported version).
     */
    private static WebSocketConnection accept(HttpServerRequest req, WebSocketEndpoint endpoint, int maxFrameBytes) {
        Channel channel = ((ConnectionBase) req.connection()).channelHandlerContext().channel();
        FullHttpRequest upgrade = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, req.uri(), Unpooled.EMPTY_BUFFER);
        req.headers().forEach(h -> upgrade.headers().add(h.getKey(), h.getValue()));
        int frameLimit = endpoint.maxMessageBytes() > 0 ? Math.min(maxFrameBytes, endpoint.maxMessageBytes()) : maxFrameBytes;
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(frameLimit)
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .build();
        String location = "ws://" + (req.authority() == null ? "localhost" : req.authority()) + req.uri();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location, endpoint.subProtocols(), decoder)
                .newHandshaker(upgrade);
        if (handshaker == null) {
            req.response().setStatusCode(426).putHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13").end();
            return null;
        }
        ChannelPipeline pipeline = channel.pipeline();
        // No extensions (permessage-deflate would cost memory and CPU per socket): Vert.x's negotiator must not answer.
        if (pipeline.get(WebSocketServerExtensionHandler.class) != null) pipeline.remove(WebSocketServerExtensionHandler.class);
        handshaker.handshake(channel, upgrade, null, channel.newPromise());
        // The handshaker leaves the frame encoder after the decoder, where the decoder's own close frames (1002,
        // 1009 on a protocol violation) would bypass it: put one in front (versions 7, 8 and 13 frame alike).
        pipeline.remove(WebSocketFrameEncoder.class);
        String decoderName = pipeline.context(WebSocketFrameDecoder.class).name();
        pipeline.addBefore(decoderName, "chorus-websocket-encoder", new WebSocket13FrameEncoder(false));
        // Text must be valid UTF-8 (RFC 6455 §8.1): otherwise close with 1007 rather than decode it with replacements.
        pipeline.addAfter(decoderName, "chorus-websocket-utf8", new Utf8FrameValidator(true));
        WebSocketConnection ws = new WebSocketConnection(channel, (ContextInternal) Vertx.currentContext(), req.path(),
                handshaker.selectedSubprotocol());
        pipeline.replace(VertxHandler.class, "chorus-websocket", ws);
        if (endpoint.maxMessageBytes() > 0) {
            pipeline.addBefore("chorus-websocket", "chorus-websocket-aggregator", new WebSocketFrameAggregator(endpoint.maxMessageBytes()));
        }
        return ws;
    }
}
