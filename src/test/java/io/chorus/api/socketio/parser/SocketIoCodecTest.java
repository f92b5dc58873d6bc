package io.chorus.api.socketio.parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Wire strings from the Socket.IO v5 protocol document and its test suite. */
class SocketIoCodecTest {
    private final ObjectMapper json = new ObjectMapper();
    private final SocketIoCodec codec = new SocketIoCodec(json);

    private JsonNode j(String s) throws Exception { return json.readTree(s); }

    private String text(SocketIoPacket p) { return codec.encode(p).text(); }

    @Test
    void encodes() throws Exception {
        assertThat(text(SocketIoPacket.of(SocketIoPacket.Type.CONNECT, "/", j("{\"sid\":\"abc\"}")))).isEqualTo("0{\"sid\":\"abc\"}");
        assertThat(text(SocketIoPacket.of(SocketIoPacket.Type.CONNECT, "/admin", null))).isEqualTo("0/admin,");
        assertThat(text(SocketIoPacket.of(SocketIoPacket.Type.DISCONNECT, "/admin", null))).isEqualTo("1/admin,");
        assertThat(text(SocketIoPacket.of(SocketIoPacket.Type.EVENT, "/", j("[\"foo\"]")))).isEqualTo("2[\"foo\"]");
        assertThat(text(new SocketIoPacket(SocketIoPacket.Type.EVENT, "/admin", 456, j("[\"bar\"]")))).isEqualTo("2/admin,456[\"bar\"]");
        assertThat(text(new SocketIoPacket(SocketIoPacket.Type.ACK, "/admin", 456, j("[]")))).isEqualTo("3/admin,456[]");
        assertThat(text(SocketIoPacket.of(SocketIoPacket.Type.CONNECT_ERROR, "/random", j("{\"message\":\"Invalid namespace\"}"))))
                .isEqualTo("4/random,{\"message\":\"Invalid namespace\"}");
    }

    @Test
    void binaryBecomesPlaceholdersAndAttachments() throws Exception {
        ArrayNode data = json.createArrayNode().add("baz").add(BinaryNode.valueOf(new byte[] {1, 2, 3}));
        SocketIoCodec.Encoded e = codec.encode(SocketIoPacket.of(SocketIoPacket.Type.EVENT, "/", data));
        assertThat(e.text()).isEqualTo("51-[\"baz\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(e.attachments()).containsExactly(new byte[] {1, 2, 3});
        SocketIoCodec.Encoded ack = codec.encode(new SocketIoPacket(SocketIoPacket.Type.ACK, "/admin", 456,
                json.createArrayNode().add(BinaryNode.valueOf(new byte[] {3}))));
        assertThat(ack.text()).isEqualTo("61-/admin,456[{\"_placeholder\":true,\"num\":0}]");
        assertThat(data.get(1).isBinary()).as("the caller's data is left alone").isTrue();
    }

    @Test
    void decodes() throws Exception {
        SocketIoPacket p = codec.decodeHeader("2/admin,456[\"bar\",1]").packet();
        assertThat(p).isEqualTo(new SocketIoPacket(SocketIoPacket.Type.EVENT, "/admin", 456, j("[\"bar\",1]")));
        assertThat(codec.decodeHeader("0").packet()).isEqualTo(SocketIoPacket.of(SocketIoPacket.Type.CONNECT, "/", null));
        assertThat(codec.decodeHeader("0/custom").packet().nsp()).isEqualTo("/custom");
        assertThat(codec.decodeHeader("0{\"token\":\"123\"}").packet().data()).isEqualTo(j("{\"token\":\"123\"}"));
    }

    @Test
    void reassemblesBinaryPackets() {
        SocketIoCodec.Decoder d = new SocketIoCodec.Decoder(codec);
        assertThat(d.text("52-789[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]")).isNull();
        assertThat(d.binary(new byte[] {1, 2, 3})).isNull();
        SocketIoPacket p = d.binary(new byte[] {4, 5, 6});
        assertThat(p.ackId()).isEqualTo(789);
        assertThat(p.data().get(1).isBinary()).isTrue();
        assertThat(((BinaryNode) p.data().get(2)).binaryValue()).containsExactly(4, 5, 6);
        assertThatThrownBy(() -> d.binary(new byte[] {1})).isInstanceOf(SocketIoFormatException.class);
        d.text("51-[\"x\",{\"_placeholder\":true,\"num\":0}]");
        assertThatThrownBy(() -> d.text("2[\"y\"]")).isInstanceOf(SocketIoFormatException.class);
    }

    @Test
    void refusesInvalidPackets() {
        for (String bad : new String[] {"", "9", "4abc", "2{}", "2[]", "2abc[\"a\"]", "2\"text\"", "1{}", "0[]", "3{}",
                "5x-[\"a\"]", "5-[\"a\"]", "2[\"a\"]trailing", "2[{\"a\":}]"}) {
            assertThatThrownBy(() -> codec.decodeHeader(bad)).as(bad).isInstanceOf(SocketIoFormatException.class);
        }
        SocketIoCodec.Decoder d = new SocketIoCodec.Decoder(codec);
        d.text("51-[\"x\",{\"_placeholder\":true,\"num\":3}]");
        assertThatThrownBy(() -> d.binary(new byte[] {1})).as("placeholder out of range").isInstanceOf(SocketIoFormatException.class);
    }
}
