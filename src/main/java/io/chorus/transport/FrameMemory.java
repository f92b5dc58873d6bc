package io.chorus.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Direct memory for frames that are shared by many connections or outlive one write (fan-out frames, backlogs,
 * recovery rings): no one owner could release them to Netty's pool, so the garbage collector frees them.
 *
 * <p>Allocating direct memory outside the pool costs 1.5-5 µs on the benchmark machine (a {@code malloc}, and a
 * Cleaner that every collection must process), more than encoding the frame; at 10,000 messages/s it was a quarter
 * of the event loops' CPU. So small frames are carved out of per-thread chunks of {@link #CHUNK_BYTES}, one
 * allocation per few dozen frames. A chunk is freed once none of its frames is referenced: a frame kept for long
 * (a slow consumer's backlog) keeps at most one chunk alive beside it.
 */
final class FrameMemory {
    static final int CHUNK_BYTES = 16 * 1024;
    /** Frames larger than this get a buffer of their own (their allocation is small beside their size). */
    static final int LARGEST_CARVED = CHUNK_BYTES / 4;

    private static final ThreadLocal<ByteBuf> CHUNK = new ThreadLocal<>();

    private FrameMemory() {}

    /** A direct buffer of exactly {@code bytes} capacity, empty, for the calling thread to fill. */
    static ByteBuf allocate(int bytes) {
        if (bytes > LARGEST_CARVED) return Unpooled.directBuffer(bytes, bytes);
        ByteBuf chunk = CHUNK.get();
        if (chunk == null || chunk.writableBytes() < bytes) {
            chunk = Unpooled.directBuffer(CHUNK_BYTES, CHUNK_BYTES);
            CHUNK.set(chunk);
        }
        int at = chunk.writerIndex();
        chunk.writerIndex(at + bytes);
        return chunk.slice(at, bytes).clear();
    }
}
