package io.chorus.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * A raw TCP connection as its pipeline's handler, taken over from a Vert.x {@code NetSocket} as it is accepted (as
 * {@link WebSocketConnection} is for WebSockets): a Vert.x socket keeps a 1,024-slot outbound queue and its own
 * connection objects for every connection, most of an idle one's heap. Bytes go to the handler in order, held
 * while paused; handlers run on the channel's loop inside its Vert.x context. Like {@link WebSocketUpgrade}, this
 * relies on how Vert.x 5.0.10 wires a socket's pipeline (its handler is the one {@code NetSocketInternal} exposes).
 */
public final class TcpConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);

    private final ContextInternal context;
    private final InboundGate<ByteBuf> bytes;
    private ChannelHandlerContext ctx;
    private Consumer<ByteBuf> onBytes = ByteBuf::release;
    private Runnable onWritable = () -> { };
    private Runnable onClose = () -> { };
    private boolean closed;

    private TcpConnection(ContextInternal context) {
        this.context = context;
        this.bytes = new InboundGate<>(b -> onBytes.accept(b), ByteBuf::release);
    }

    /**
     * Replaces Vert.x's handler of a just-accepted socket (call it from the server's connect handler, on the loop,
     * before the socket has read anything); the {@code NetSocket} must not be used afterwards.
     */
    public static TcpConnection takeOver(NetSocket socket) {
        ChannelHandlerContext vertx = ((NetSocketInternal) socket).channelHandlerContext();
        TcpConnection c = new TcpConnection((ContextInternal) Vertx.currentContext());
        vertx.pipeline().replace(vertx.handler(), "chorus-tcp", c);
        return c;
    }

    /** Sets the handlers: the bytes read (the handler owns each buffer), writability regained, the close. */
    public void start(Consumer<ByteBuf> bytes, Runnable writable, Runnable closed) {
        this.onBytes = bytes;
        this.onWritable = writable;
        this.onClose = closed;
    }

    /** This handler's context: writes from it go straight to the socket. */
    public ChannelHandlerContext context() { return ctx; }

    public void pause() {
        bytes.pause();
        ctx.channel().config().setAutoRead(false);
    }

    public void resume() {
        if (!ctx.executor().inEventLoop()) {
            context.runOnContext(v -> resume());
            return;
        }
        if (bytes.resume()) ctx.channel().config().setAutoRead(true);
    }

    // ---- Netty events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) { this.ctx = ctx; }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf b)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        // As InContext.run, written out: no lambda per read.
        ContextInternal previous = context.beginDispatch();
        try {
            this.bytes.offer(b);
        } finally {
            context.endDispatch(previous);
        }
    }

    /**
     * Inbound events end here: handlers behind this one (MQTT's codec) see only what the connection hands them. A
     * decoder that saw the end of a read while reading is paused would ask the socket for more.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) { }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) InContext.run(context, onWritable);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (closed) return;
        closed = true;
        bytes.clear();
        InContext.run(context, onClose);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset connection is the peer's doing; anything else is a handler's failure, worth a log line.
        if (!(cause instanceof java.io.IOException)) LOG.warn("TCP connection closed after an error in its handler", cause);
        ctx.channel().close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        io.netty.util.ReferenceCountUtil.release(evt);
    }
}
