package io.chorus.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Direct memory for frames that are shared by many connections or outlive one write (fan-out frames, backlogs,
 * recovery rings): no one owner could release them to Netty's pool, so their lifetime is the garbage collector's.
 *
 * <p>A direct buffer of its own per frame cost 1.5-5 µs on the benchmark machine, a quarter of the event loops' CPU
 * at 10,000 messages/s: memory freed only after a collection is handed back to the kernel by {@code malloc}, so
 * the next buffers fault in fresh, zeroed pages. Here small frames are carved out of 16 KiB chunks (one per
 * thread at a time), and a chunk's memory, taken from 1 MiB slabs that stay mapped, is recycled once the collector
 * finds none of its frames referenced (a {@link Cleaner} per chunk, not per frame). A frame kept for long (a slow
 * consumer's backlog) keeps at most its chunk. Past {@code maxPooledBytes} (a burst the collector has not caught
 * up with), chunks are plain allocations again.
 */
final class FrameMemory {
    static final FrameMemory SHARED = new FrameMemory(16 * 1024, 1024 * 1024, 64L * 1024 * 1024);

    private static final Cleaner RECYCLER = Cleaner.create(r -> {
        Thread t = new Thread(r, "chorus-frame-memory");
        t.setDaemon(true);
        return t;
    });

    private final int chunkBytes;
    private final int slabBytes;
    private final long maxPooledBytes;
    private final ThreadLocal<ByteBuf> current = new ThreadLocal<>();
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private ByteBuffer slab; // guarded by this
    private long pooledBytes; // guarded by this

    FrameMemory(int chunkBytes, int slabBytes, long maxPooledBytes) {
        this.chunkBytes = chunkBytes;
        this.slabBytes = slabBytes;
        this.maxPooledBytes = maxPooledBytes;
    }

    /**
     * A direct buffer of exactly {@code bytes} capacity, empty, for the calling thread to fill. A virtual thread (a
     * request's handler, short-lived) gets a buffer of its own: a chunk each would hold 16 KiB for one frame.
     */
    ByteBuf allocate(int bytes) {
        if (bytes > largestCarved() || Thread.currentThread().isVirtual()) return Unpooled.directBuffer(bytes, bytes);
        ByteBuf chunk = current.get();
        if (chunk == null || chunk.writableBytes() < bytes) {
            chunk = newChunk();
            current.set(chunk);
        }
        int at = chunk.writerIndex();
        chunk.writerIndex(at + bytes);
        return chunk.slice(at, bytes).clear();
    }

    /** Frames larger than this get a buffer of their own (their allocation is small beside their size). */
    int largestCarved() { return chunkBytes / 4; }

    int chunkBytes() { return chunkBytes; }

    /** Direct memory taken for chunks so far (it is kept for reuse). */
    synchronized long pooledBytes() { return pooledBytes; }

    /** Recycled chunks waiting for reuse. */
    int freeChunks() { return free.size(); }

    private ByteBuf newChunk() {
        ByteBuffer memory = free.poll();
        if (memory == null) memory = carve();
        if (memory == null) return Unpooled.directBuffer(chunkBytes, chunkBytes);
        // A wrapped buffer never frees its memory; the memory goes back to the free list instead, once the chunk
        // (which every frame carved from it references) is unreachable. The action must not reference the chunk.
        ByteBuf chunk = Unpooled.wrappedBuffer(memory.clear()).clear();
        ByteBuffer recycled = memory;
        RECYCLER.register(chunk, () -> free.offer(recycled));
        return chunk;
    }

    private synchronized ByteBuffer carve() {
        if (slab == null || slab.remaining() < chunkBytes) {
            if (pooledBytes + slabBytes > maxPooledBytes) return null;
            slab = ByteBuffer.allocateDirect(slabBytes); // zeroed, so already resident
            pooledBytes += slabBytes;
        }
        ByteBuffer chunk = slab.slice(slab.position(), chunkBytes);
        slab.position(slab.position() + chunkBytes);
        return chunk;
    }
}
