package io.chorus.transport;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared frames whose payload is streamed in: the header that fits the payload's length, then the payload. */
class WebSocketOutboxTest {
    @Test
    void aStreamedFrameHasTheHeaderItsLengthNeeds() throws Exception {
        for (int n : new int[]{0, 125, 126, 65535, 65536, 200_000}) {
            String text = "x".repeat(n);
            ByteBuf frame = WebSocketOutbox.sharedText(out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
            ByteBuf expected = WebSocketOutbox.shared(text.getBytes(StandardCharsets.UTF_8));
            assertThat(frame.readableBytes()).as("frame of %d bytes", n).isEqualTo(expected.readableBytes());
            assertThat(frame.equals(expected)).as("frame of %d bytes", n).isTrue();
            int header = n < 126 ? 2 : n < 65536 ? 4 : 10;
            assertThat(frame.getUnsignedByte(frame.readerIndex())).isEqualTo((short) 0x81);
            assertThat(frame.readableBytes()).isEqualTo(header + n);
        }
    }

    @Test
    void framesStreamedOneAfterAnotherKeepTheirOwnBytes() throws Exception {
        // They are carved from one thread's chunk through one scratch buffer: neither may leak into the next.
        ByteBuf[] frames = new ByteBuf[100];
        for (int i = 0; i < frames.length; i++) {
            String text = String.valueOf((char) ('a' + i % 26)).repeat(50 + i * 7);
            frames[i] = WebSocketOutbox.sharedText(out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < frames.length; i++) {
            String text = String.valueOf((char) ('a' + i % 26)).repeat(50 + i * 7);
            assertThat(frames[i].equals(WebSocketOutbox.shared(text.getBytes(StandardCharsets.UTF_8))))
                    .as("frame %d", i).isTrue();
        }
    }
}
