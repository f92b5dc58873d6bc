package io.chorus.transport;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Frames carved from shared chunks: exactly their size, direct, and never overlapping. */
class FrameMemoryTest {
    @Test
    void smallFramesAreExactAndDoNotOverlapAcrossChunks() {
        List<ByteBuf> frames = new ArrayList<>();
        int total = 0;
        for (int i = 0; total < 3 * FrameMemory.CHUNK_BYTES; i++) { // several chunks' worth, odd sizes
            int size = 1 + (i * 37) % 700;
            ByteBuf f = FrameMemory.allocate(size);
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
        assertThat(frames.stream().map(f -> f.unwrap()).distinct().count()).as("chunks used").isGreaterThanOrEqualTo(3);
    }

    @Test
    void aLargeFrameHasABufferOfItsOwn() {
        ByteBuf f = FrameMemory.allocate(FrameMemory.LARGEST_CARVED + 1);
        assertThat(f.capacity()).isEqualTo(FrameMemory.LARGEST_CARVED + 1);
        assertThat(f.unwrap()).as("not a slice of a chunk").isNull();
    }
}
