package io.chorus.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;

import java.util.ArrayDeque;

/**
 * The outbound side of one server WebSocket, used on its event loop only. A fan-out message is framed once (the
 * WebSocket header and the payload in one direct buffer, see {@link #shared}) and that same buffer is
 * written to every recipient below the pipeline's frame encoder, so no recipient costs an encoding, an allocation
 * or a copy (a frame object per write would be encoded per recipient). Writes are flushed once per batch. While
 * the socket is not writable, frames wait in a bounded backlog; when that is full the peer is too slow, and
 * {@code onOverflow} runs once.
 */
public final class WebSocketOutbox {
    private final WebSocketConnection ws;
    private final ChannelHandlerContext ctx;
    /** Writes from this context enter the pipeline below the frame encoder: they must be complete frames. */
    private final ChannelHandlerContext framed;
    private final int maxBacklog;
    private final Runnable onOverflow;
    /** Empty while the socket keeps up (nearly always): sized for that, not Java's default 16 slots. */
    private final ArrayDeque<ByteBuf> backlog = new ArrayDeque<>(2);
    private boolean dirty;
    private boolean overflowed;

    public WebSocketOutbox(WebSocketConnection ws, int maxBacklog, Runnable onOverflow) {
        this(ws, maxBacklog, onOverflow, Runnable::run);
    }

    /**
     * An outbox used from {@code owner} rather than the socket's own loop (a Socket.IO session that began on
     * another loop and upgraded to this WebSocket): the drain callback hops there, so the backlog has one thread.
     */
    public WebSocketOutbox(WebSocketConnection ws, int maxBacklog, Runnable onOverflow, java.util.concurrent.Executor owner) {
        this.ws = ws;
        this.ctx = ws.context();
        this.framed = ws.framedContext();
        this.maxBacklog = maxBacklog;
        this.onOverflow = onOverflow;
        ws.writableHandler(() -> owner.execute(this::drain));
    }

    /**
     * A complete, unmasked server-to-client text frame (FIN, opcode 1, length, payload) holding UTF-8 text, that
     * any number of outboxes can share: never released (the garbage collector frees it), and each recipient writes
     * a duplicate of it (its own indices). Not wrapped read-only: nothing below the frame encoder writes into a
     * buffer, and the read-only view cost every write two more objects (a wrapper and a read-only NIO view), ~20%
     * of the garbage of a 1,000-subscriber fan-out.
     */
    public static ByteBuf shared(byte[] utf8) { return shared(utf8, false); }

    /** Like {@link #shared(byte[])}, for a text or a binary frame. */
    public static ByteBuf shared(byte[] payload, boolean binary) {
        int n = payload.length;
        ByteBuf frame = FrameMemory.SHARED.allocate(headerLength(n) + n);
        writeHeader(frame, binary, n);
        frame.writeBytes(payload);
        return Unpooled.unreleasableBuffer(frame);
    }

    /** Writes a frame's payload into the stream it is given. */
    @FunctionalInterface
    public interface PayloadWriter {
        void write(java.io.OutputStream out) throws java.io.IOException;
    }

    /**
     * Like {@link #shared(byte[])}, with a text payload that {@code payload} writes into a stream (a JSON generator,
     * say): rendered into this thread's scratch buffer, then copied once into a frame of exactly its size.
     */
    public static ByteBuf sharedText(PayloadWriter payload) throws java.io.IOException {
        ByteBuf scratch = SCRATCH.get();
        scratch.clear();
        try (ByteBufOutputStream out = new ByteBufOutputStream(scratch)) {
            payload.write(out);
        }
        int n = scratch.readableBytes();
        ByteBuf frame = FrameMemory.SHARED.allocate(headerLength(n) + n);
        writeHeader(frame, false, n);
        frame.writeBytes(scratch);
        if (scratch.capacity() > SCRATCH_KEPT_BYTES) SCRATCH.remove(); // a huge message's buffer is not kept
        return Unpooled.unreleasableBuffer(frame);
    }

    private static final int SCRATCH_KEPT_BYTES = 64 * 1024;
    private static final ThreadLocal<ByteBuf> SCRATCH = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

    private static int headerLength(int payloadLength) {
        return payloadLength < 126 ? 2 : payloadLength < 65536 ? 4 : 10;
    }

    /** FIN, the opcode and the payload length of an unmasked frame. */
    private static void writeHeader(ByteBuf out, boolean binary, int payloadLength) {
        out.writeByte(binary ? 0x82 : 0x81);
        if (payloadLength < 126) {
            out.writeByte(payloadLength);
        } else if (payloadLength < 65536) {
            out.writeByte(126);
            out.writeShort(payloadLength);
        } else {
            out.writeByte(127);
            out.writeLong(payloadLength);
        }
    }

    /** Bytes that many frames carry (rendered once): read-only, never released (the garbage collector frees them). */
    public static ByteBuf sharedPayload(byte[] utf8) {
        ByteBuf b = FrameMemory.SHARED.allocate(utf8.length).writeBytes(utf8);
        return Unpooled.unreleasableBuffer(b.asReadOnly());
    }

    /**
     * A text frame of a per-recipient prefix and suffix around a {@link #sharedPayload} (a push that names the
     * recipient's subscription, say): only the small head and tail are this recipient's; the payload is shared.
     * For the backlog only: {@link #sendAround} writes a live one as one pooled direct buffer instead.
     */
    private static ByteBuf framedAround(byte[] prefix, ByteBuf sharedPayload, byte[] suffix) {
        int n = prefix.length + sharedPayload.readableBytes() + suffix.length;
        ByteBuf head = Unpooled.buffer(headerLength(n) + prefix.length, headerLength(n) + prefix.length);
        writeHeader(head, false, n);
        head.writeBytes(prefix);
        return Unpooled.wrappedUnmodifiableBuffer(head, sharedPayload.duplicate(), Unpooled.wrappedBuffer(suffix));
    }

    /**
     * Queues a text frame of {@code prefix}, a {@link #sharedPayload} and {@code suffix} (see {@link #framedAround}).
     * Written at once, it is assembled in one buffer from the channel's pooled allocator: a composite of heap and
     * direct parts would be copied into such a buffer by the NIO transport anyway, after costing its own objects.
     */
    public void sendAround(byte[] prefix, ByteBuf sharedPayload, byte[] suffix) {
        if (overflowed) return;
        if (!backlog.isEmpty() || !ctx.channel().isWritable()) {
            send(framedAround(prefix, sharedPayload, suffix)); // the backlog holds only buffers the GC can free
            return;
        }
        int payload = sharedPayload.readableBytes();
        int n = prefix.length + payload + suffix.length;
        ByteBuf frame = ctx.alloc().directBuffer(headerLength(n) + n);
        writeHeader(frame, false, n);
        frame.writeBytes(prefix).writeBytes(sharedPayload, sharedPayload.readerIndex(), payload).writeBytes(suffix);
        framed.write(frame, framed.voidPromise());
        dirty = true;
    }

    /** Queues a frame made by {@link #shared} or {@link #framedAround}; not flushed until {@link #flush()}. */
    public void send(ByteBuf sharedFrame) {
        if (overflowed) return;
        if (backlog.isEmpty() && ctx.channel().isWritable()) {
            framed.write(sharedFrame.duplicate(), framed.voidPromise());
            dirty = true;
        } else if (backlog.size() < maxBacklog) {
            backlog.add(sharedFrame);
        } else {
            overflowed = true;
            backlog.clear();
            onOverflow.run();
        }
    }

    /**
     * Queues and flushes a one-off text frame (a reply to this client). Written at once, it is framed in a buffer
     * from the channel's pool, which the write releases; only one that has to wait in the backlog is made shared.
     */
    public void sendNow(byte[] utf8) {
        if (overflowed) return;
        if (backlog.isEmpty() && ctx.channel().isWritable()) {
            int n = utf8.length;
            ByteBuf frame = ctx.alloc().directBuffer(headerLength(n) + n);
            writeHeader(frame, false, n);
            framed.write(frame.writeBytes(utf8), framed.voidPromise());
            dirty = true;
        } else {
            send(shared(utf8));
        }
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

    /** Sends a close frame after whatever was flushed (see {@link WebSocketConnection#close(int, String)}). */
    public void close(int code, String reason) {
        backlog.clear();
        ws.close(code, reason);
    }

    private void drain() {
        while (!backlog.isEmpty() && ctx.channel().isWritable()) {
            framed.write(backlog.poll().duplicate(), framed.voidPromise());
            dirty = true;
        }
        flush();
    }
}
