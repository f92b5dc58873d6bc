package io.chorus.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

import java.util.ArrayDeque;

/**
 * The outbound side of one server WebSocket, used on its event loop only. Frames are written straight into the
 * Netty pipeline so a fan-out frame encoded once is shared by every recipient (Vert.x's {@code writeTextMessage}
 * would copy it per call). Writes are flushed once per batch. While the socket is not writable, frames wait in a
 * bounded backlog; when that is full the peer is too slow, and {@code onOverflow} runs once.
 */
public final class WebSocketOutbox {
    private final ServerWebSocket ws;
    private final ChannelHandlerContext ctx;
    private final int maxBacklog;
    private final Runnable onOverflow;
    private final ArrayDeque<ByteBuf> backlog = new ArrayDeque<>();
    private boolean dirty;
    private boolean overflowed;

    public WebSocketOutbox(ServerWebSocket ws, int maxBacklog, Runnable onOverflow) {
        this.ws = ws;
        this.ctx = ((WebSocketInternal) ws).channelHandlerContext();
        this.maxBacklog = maxBacklog;
        this.onOverflow = onOverflow;
        ws.drainHandler(v -> drain());
    }

    /** Wraps UTF-8 JSON bytes as a frame payload that many outboxes can share (never released, GC-owned). */
    public static ByteBuf shared(byte[] utf8) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(utf8));
    }

    /** Queues a text frame whose payload is a shared buffer; not flushed until {@link #flush()}. */
    public void send(ByteBuf sharedPayload) {
        if (overflowed) return;
        if (backlog.isEmpty() && ctx.channel().isWritable()) {
            ctx.write(new TextWebSocketFrame(sharedPayload.duplicate()), ctx.voidPromise());
            dirty = true;
        } else if (backlog.size() < maxBacklog) {
            backlog.add(sharedPayload);
        } else {
            overflowed = true;
            backlog.clear();
            onOverflow.run();
        }
    }

    /** Queues and flushes a one-off text frame (a reply to this client). */
    public void sendNow(byte[] utf8) {
        send(shared(utf8));
        flush();
    }

    public void flush() {
        if (dirty) {
            dirty = false;
            ctx.flush();
        }
    }

    public void ping() {
        ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER), ctx.voidPromise());
    }

    /**
     * Sends a close frame, and drops the TCP connection if the peer has not completed the close within a second
     * (a slow consumer may never read far enough to see the close frame).
     */
    public void close(int code, String reason) {
        backlog.clear();
        ws.close((short) code, reason);
        ctx.executor().schedule(() -> {
            if (ctx.channel().isOpen()) ctx.channel().close();
        }, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void drain() {
        while (!backlog.isEmpty() && ctx.channel().isWritable()) {
            ctx.write(new TextWebSocketFrame(backlog.poll().duplicate()), ctx.voidPromise());
            dirty = true;
        }
        flush();
    }
}
