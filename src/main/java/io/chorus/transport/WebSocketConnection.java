package io.chorus.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.internal.ContextInternal;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One server WebSocket, as the last handler of its Netty pipeline (after Netty's frame decoder and, for message
 * endpoints, its frame aggregator). Chorus takes upgraded sockets from Vert.x ({@link WebSocketUpgrade}) because a
 * Vert.x {@code ServerWebSocket} keeps a 1,024-slot outbound queue, two HTTP header maps and several connection
 * objects per socket: most of an idle connection's heap. This class keeps the handlers, the close state and, while
 * paused, the frames read meanwhile.
 *
 * <p>Events arrive on the channel's event loop. Pings are answered here; a close frame from the peer is echoed and
 * the connection closed. Handlers are set once, before the first read completes.
 */
public final class WebSocketConnection extends ChannelInboundHandlerAdapter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebSocketConnection.class);
    /** How long a close frame we sent may wait for the peer's answer before the TCP connection is dropped. */
    private static final long CLOSE_WAIT_MS = 1_000;

    private final Channel channel;
    /** The Vert.x context of the loop, current while handlers run: they use Vert.x (timers, futures) and expect it. */
    private final ContextInternal context;
    private final String path;
    private final String subProtocol;
    private ChannelHandlerContext ctx;
    private Consumer<String> onText = t -> { };
    /** Set instead of {@link #onText} by a handler that parses bytes itself. */
    private Consumer<byte[]> onTextBytes;
    private Consumer<ByteBuf> onBinary = ByteBuf::release;
    private Runnable onPong = () -> { };
    private Runnable onClose = () -> { };
    private Runnable onWritable = () -> { };
    private Runnable onTooBig = () -> close(1009, "message too big");
    /** Text, binary and continuation frames, in order through pause and resume. */
    private final InboundGate<WebSocketFrame> data = new InboundGate<>(this::deliver, WebSocketFrame::release);
    private boolean closeSent;
    private boolean closed;

    WebSocketConnection(Channel channel, ContextInternal context, String path, String subProtocol) {
        this.channel = channel;
        this.context = context;
        this.path = path;
        this.subProtocol = subProtocol;
    }

    /** Whole text messages (or, on a frame endpoint, each text frame), decoded and checked as UTF-8 by Netty. */
    public WebSocketConnection textHandler(Consumer<String> handler) { onText = handler; return this; }

    /**
     * Whole text messages as their UTF-8 bytes (checked by Netty), instead of {@link #textHandler}: a handler that
     * parses bytes (JSON) then skips a decode to a String and the encode back.
     */
    public WebSocketConnection textBytesHandler(Consumer<byte[]> handler) { onTextBytes = handler; return this; }

    /** Binary messages (or, on a frame endpoint, each binary or continuation frame); the handler owns the buffer. */
    public WebSocketConnection binaryHandler(Consumer<ByteBuf> handler) { onBinary = handler; return this; }

    public WebSocketConnection pongHandler(Runnable handler) { onPong = handler; return this; }

    /** Runs once, when the TCP connection has closed (whoever closed it). */
    public WebSocketConnection closeHandler(Runnable handler) { onClose = handler; return this; }

    /** Runs each time the channel can take writes again after it could not. */
    public WebSocketConnection writableHandler(Runnable handler) { onWritable = handler; return this; }

    /** Runs when a message exceeds the endpoint's size limit (default: close with 1009). */
    public WebSocketConnection tooBigHandler(Runnable handler) { onTooBig = handler; return this; }

    public String path() { return path; }

    /** The subprotocol agreed in the handshake, or null. */
    public String subProtocol() { return subProtocol; }

    public String remoteHost() {
        return channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "unknown";
    }

    /** The channel context of this handler: writes from it pass through the frame encoder. */
    public ChannelHandlerContext context() { return ctx; }

    /** The encoder's context: writes from it skip the encoder, so they must be complete frames (see {@link WebSocketOutbox}). */
    ChannelHandlerContext framedContext() {
        ChannelHandlerContext c = channel.pipeline().context(WebSocketFrameEncoder.class);
        if (c == null) throw new IllegalStateException("no WebSocket frame encoder in the pipeline");
        return c;
    }

    public boolean isWritable() { return channel.isWritable(); }

    public boolean isClosed() { return closed || closeSent; }

    /** Writes and flushes one text frame (for the few one-off answers that are not fan-out; see WebSocketOutbox). */
    public void writeText(String text) {
        if (!isClosed()) channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
    }

    /** Stops reading from the socket; frames of a read already under way are held until {@link #resume()}. */
    public void pause() {
        data.pause();
        channel.config().setAutoRead(false);
    }

    public void resume() {
        if (!channel.eventLoop().inEventLoop()) {
            context.runOnContext(v -> resume());
            return;
        }
        if (data.resume()) channel.config().setAutoRead(true);
    }

    public void close() { close(1000, null); }

    /**
     * Sends a close frame and drops the TCP connection when the peer answers, or after a second if it does not (a
     * slow consumer may never read far enough to see the close frame). Safe from any thread.
     */
    public void close(int code, String reason) {
        if (!channel.eventLoop().inEventLoop()) {
            context.runOnContext(v -> close(code, reason));
            return;
        }
        if (closeSent || closed) return;
        closeSent = true;
        data.clear();
        // Read again if paused: the peer's close reply is what lets the connection end at once (data frames that
        // still arrive are dropped), instead of after the wait below.
        channel.config().setAutoRead(true);
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
        channel.eventLoop().schedule(() -> { channel.close(); }, CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
    }

    // ---- Netty events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) { this.ctx = ctx; }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // As InContext.run, written out: no lambda per read.
        ContextInternal previous = context.beginDispatch();
        try {
            read(msg);
        } finally {
            context.endDispatch(previous);
        }
    }

    private void read(Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            // The upgrade request's empty last content can follow the request into this handler.
            ReferenceCountUtil.release(msg);
        } else if (closeSent && !(frame instanceof CloseWebSocketFrame)) {
            frame.release();
        } else if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
                || frame instanceof ContinuationWebSocketFrame) {
            data.offer(frame);
        } else {
            deliver(frame);
        }
    }

    private void deliver(WebSocketFrame frame) {
        switch (frame) {
            case TextWebSocketFrame t when onTextBytes != null -> {
                byte[] utf8;
                try {
                    utf8 = ByteBufUtil.getBytes(t.content());
                } finally {
                    t.release();
                }
                onTextBytes.accept(utf8);
            }
            case TextWebSocketFrame t -> {
                String text;
                try {
                    text = t.text();
                } finally {
                    t.release();
                }
                onText.accept(text);
            }
            case BinaryWebSocketFrame b -> onBinary.accept(b.content());
            // Only frame endpoints see continuations (message endpoints aggregate them): MQTT's byte stream.
            case ContinuationWebSocketFrame c -> onBinary.accept(c.content());
            case PingWebSocketFrame p -> channel.writeAndFlush(new PongWebSocketFrame(p.content()), channel.voidPromise());
            case PongWebSocketFrame p -> {
                p.release();
                onPong.run();
            }
            case CloseWebSocketFrame c -> {
                if (closeSent) {
                    c.release();
                    channel.close();
                } else {
                    closeSent = true;
                    data.clear();
                    // Echo the peer's status (RFC 6455 §5.5.1), then close.
                    int status = c.statusCode();
                    c.release();
                    CloseWebSocketFrame echo = status < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(status, null);
                    channel.writeAndFlush(echo).addListener(f -> channel.close());
                }
            }
            default -> frame.release();
        }
    }

    /** Inbound events end here, as in {@link TcpConnection#channelReadComplete}. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) { }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable()) InContext.run(context, onWritable);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (closed) return;
        closed = true;
        data.clear();
        InContext.run(context, onClose);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            InContext.run(context, onTooBig);
            return;
        }
        // A reset connection or a protocol violation (Netty's decoder has already sent its close frame) are the
        // peer's doing; anything else is a handler's failure, worth a log line.
        if (!(cause instanceof java.io.IOException || cause instanceof CorruptedWebSocketFrameException)) {
            LOG.warn("WebSocket {} closed after an error in its handler", path, cause);
        }
        channel.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        ReferenceCountUtil.release(evt);
    }
}
