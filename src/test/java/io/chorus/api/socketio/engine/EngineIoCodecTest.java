package io.chorus.api.socketio.engine;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Wire strings from the Engine.IO protocol documents (v4 and v3). */
class EngineIoCodecTest {
    private static final EngineIoPacket HELLO = EngineIoPacket.message("hello");
    private static final EngineIoPacket BIN = EngineIoPacket.binary(new byte[] {1, 2, 3, 4});

    @Test
    void packets() {
        assertThat(EngineIoCodec.encode(HELLO)).isEqualTo("4hello");
        assertThat(EngineIoCodec.encode(EngineIoPacket.PING)).isEqualTo("2");
        assertThat(EngineIoCodec.encode(EngineIoPacket.text(EngineIoPacket.Type.PONG, "probe"))).isEqualTo("3probe");
        assertThat(EngineIoCodec.decode("4hello")).isEqualTo(HELLO);
        assertThat(EngineIoCodec.decode("5")).isEqualTo(EngineIoPacket.of(EngineIoPacket.Type.UPGRADE));
        for (String bad : new String[] {"", "abc", "7", "0{}"}) {
            assertThatThrownBy(() -> EngineIoCodec.decode(bad)).isInstanceOf(EngineIoFormatException.class);
        }
    }

    @Test
    void v4Payloads() {
        assertThat(EngineIoCodec.encodePayload(List.of(HELLO, BIN))).isEqualTo("4hello\u001ebAQIDBA==");
        assertThat(EngineIoCodec.decodePayload("4hello\u001ebAQIDBA==")).containsExactly(HELLO, BIN);
        assertThat(EngineIoCodec.decodePayload("4test1\u001e4test2\u001e4test3")).extracting(EngineIoPacket::text)
                .containsExactly("test1", "test2", "test3");
        assertThatThrownBy(() -> EngineIoCodec.decodePayload("4a\u001e")).isInstanceOf(EngineIoFormatException.class);
        assertThatThrownBy(() -> EngineIoCodec.decodePayload("b!!")).isInstanceOf(EngineIoFormatException.class);
        // The Java client's base64 has a newline every 76 characters and one at the end.
        byte[] hundred = new byte[100];
        for (int i = 0; i < hundred.length; i++) hundred[i] = (byte) i;
        String wrapped = java.util.Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(hundred);
        assertThat(EngineIoCodec.decodePayload("4hello\u001eb" + wrapped + "\n"))
                .containsExactly(HELLO, EngineIoPacket.binary(hundred));
        assertThat(EngineIoCodec.decodePayload("bCQgH\n")).containsExactly(EngineIoPacket.binary(new byte[] {9, 8, 7}));
    }

    @Test
    void v3TextPayloads() {
        assertThat(EngineIoCodec.encodePayloadV3(List.of(HELLO, BIN))).isEqualTo("6:4hello10:b4AQIDBA==");
        assertThat(EngineIoCodec.decodePayloadV3("6:4hello10:b4AQIDBA==")).containsExactly(HELLO, BIN);
        // Lengths count UTF-16 units, as JavaScript does.
        assertThat(EngineIoCodec.encodePayloadV3(List.of(EngineIoPacket.message("é€😀")))).isEqualTo("5:4é€😀");
        assertThat(EngineIoCodec.decodePayloadV3("5:4é€😀")).containsExactly(EngineIoPacket.message("é€😀"));
        for (String bad : new String[] {"", "1:", "x:4a", "9:4hello", "2:b9"}) {
            assertThatThrownBy(() -> EngineIoCodec.decodePayloadV3(bad)).isInstanceOf(EngineIoFormatException.class);
        }
    }

    @Test
    void v3BinaryPayloads() {
        byte[] expected = {0, 6, (byte) 255, 52, 104, 101, 108, 108, 111, 1, 5, (byte) 255, 4, 1, 2, 3, 4};
        assertThat(EngineIoCodec.encodePayloadV3Binary(List.of(HELLO, BIN))).isEqualTo(expected);
        assertThat(EngineIoCodec.decodePayloadV3Binary(expected)).containsExactly(HELLO, BIN);
        byte[] longer = EngineIoCodec.encodePayloadV3Binary(List.of(EngineIoPacket.message("x".repeat(11))));
        assertThat(longer).startsWith(0, 1, 2, 255 - 256);
        assertThat(new String(longer, 4, 12, StandardCharsets.UTF_8)).isEqualTo("4" + "x".repeat(11));
        assertThatThrownBy(() -> EngineIoCodec.decodePayloadV3Binary(new byte[] {2, 1, (byte) 255, 52}))
                .isInstanceOf(EngineIoFormatException.class);
        assertThatThrownBy(() -> EngineIoCodec.decodePayloadV3Binary(new byte[] {0, 9, (byte) 255, 52}))
                .isInstanceOf(EngineIoFormatException.class);
    }
}
