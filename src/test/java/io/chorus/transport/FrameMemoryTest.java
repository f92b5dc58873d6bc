package io.chorus.transport;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Frames carved from recycled chunks: exactly their size, direct, never overlapping, and their memory reused. */
class FrameMemoryTest {
    @Test
    void smallFramesAreExactAndDoNotOverlapAcrossChunks() {
        FrameMemory memory = new FrameMemory(4096, 16 * 4096, 1 << 20);
        List<ByteBuf> frames = new ArrayList<>();
        int total = 0;
        for (int i = 0; total < 3 * memory.chunkBytes(); i++) { // several chunks' worth, odd sizes
            int size = 1 + (i * 37) % memory.largestCarved();
            ByteBuf f = memory.allocate(size);
            assertThat(f.capacity()).isEqualTo(size);
            assertThat(f.maxCapacity()).as("a frame cannot grow into its neighbour").isEqualTo(size);
            assertThat(f.isDirect()).isTrue();
            assertThat(f.writerIndex()).isZero();
            while (f.isWritable()) f.writeByte(i);
            frames.add(f);
            total += size;
        }
        for (int i = 0; i < frames.size(); i++) {
            ByteBuf f = frames.get(i);
            for (int j = 0; j < f.capacity(); j++) assertThat(f.getByte(j)).as("frame %d byte %d", i, j).isEqualTo((byte) i);
        }
        assertThat(chunks(frames)).as("chunks used").isGreaterThanOrEqualTo(3);
    }

    @Test
    void aLargeFrameHasABufferOfItsOwn() {
        FrameMemory memory = new FrameMemory(4096, 16 * 4096, 1 << 20);
        ByteBuf f = memory.allocate(memory.largestCarved() + 1);
        assertThat(f.capacity()).isEqualTo(memory.largestCarved() + 1);
        assertThat(f.unwrap()).as("not a slice of a chunk").isNull();
    }

    @Test
    void aVirtualThreadTakesNoChunk() throws Exception {
        FrameMemory memory = new FrameMemory(4096, 16 * 4096, 1 << 20);
        ByteBuf[] frame = new ByteBuf[1];
        Thread.ofVirtual().start(() -> frame[0] = memory.allocate(100)).join();
        assertThat(frame[0].capacity()).isEqualTo(100);
        assertThat(frame[0].unwrap()).as("not a slice of a chunk").isNull();
        assertThat(memory.pooledBytes()).isZero();
    }

    @Test
    void aChunkIsReusedOnceNoneOfItsFramesIsReferencedAndNotBefore() throws Exception {
        FrameMemory memory = new FrameMemory(4096, 16 * 4096, 1 << 20);
        ByteBuf kept = memory.allocate(100);
        kept.writeBytes(new byte[100]).setByte(0, 42);
        for (int i = 0; i < 40 * 4; i++) memory.allocate(1000).writeBytes(new byte[1000]); // ~40 chunks, dropped
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (memory.freeChunks() == 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(memory.freeChunks()).as("chunks recycled after a collection").isPositive();
        // The kept frame's chunk is not among them: filling every recycled chunk leaves it intact.
        for (int i = 0; i < 80 * 4; i++) {
            ByteBuf f = memory.allocate(1000);
            while (f.isWritable()) f.writeByte(7);
        }
        assertThat(kept.getByte(0)).isEqualTo((byte) 42);
        for (int j = 1; j < 100; j++) assertThat(kept.getByte(j)).isZero();
    }

    @Test
    void pastItsBoundChunksArePlainAllocations() {
        FrameMemory memory = new FrameMemory(4096, 4 * 4096, 4 * 4096); // one slab of four chunks in all
        List<ByteBuf> frames = new ArrayList<>();
        for (int i = 0; i < 6 * 4; i++) frames.add(memory.allocate(1000).writeBytes(new byte[1000]));
        assertThat(chunks(frames)).as("chunks").isEqualTo(6);
        assertThat(memory.pooledBytes()).as("memory the pool holds").isEqualTo(4 * 4096);
        assertThat(frames).allSatisfy(f -> assertThat(f.isDirect()).isTrue());
    }

    /** Distinct chunks the frames were carved from (by identity: buffers are equal when their bytes are). */
    private static int chunks(List<ByteBuf> frames) {
        Set<ByteBuf> chunks = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ByteBuf f : frames) chunks.add(f.unwrap());
        return chunks.size();
    }
}
