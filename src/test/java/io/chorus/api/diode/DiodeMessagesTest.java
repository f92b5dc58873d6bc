package io.chorus.api.diode;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.core.Message;
import io.chorus.core.MessageEvent;
import io.chorus.core.User;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Diode message shape, byte for byte: a push (streamed into its frame) and a {@code get_messages} result (a
 * tree read back from the same stream) both match what the tree-built encoder wrote before, key order included:
 * attributes' fixed keys first, a reply's time from its parent, stored extras after, an ephemeral event's flag.
 */
class DiodeMessagesTest {
    private static final String PUSH = "{\"jsonrpc\":\"2.0\",\"result\":{\"messages\":[{\"attributes\":{\"mentions\":null,\"reply\":null,\"t\":null},\"creati"
                + "on_time\":1700000000,\"edited_at\":null,\"group_id\":\"c1\",\"message\":\"hi \\\"there\\\" \u00e9\",\"reply_to\":null,\"sen"
                + "der\":{\"address\":\"0xabc\",\"domain\":\"alice\",\"nickname\":\"Alice\"},\"zone_id\":\"z\",\"message_id\":\"m1\",\"offset"
                + "\":7},{\"attributes\":{\"mentions\":[\"a\"],\"reply\":1700000000,\"t\":\"x\",\"color\":{\"k\":[1,2]}},\"creation_time\""
                + ":1700000050,\"edited_at\":1700000100,\"group_id\":\"c1\",\"message\":\"re\",\"reply_to\":{\"attributes\":{\"mention"
                + "s\":null,\"reply\":null,\"t\":null},\"creation_time\":1700000000,\"edited_at\":null,\"group_id\":\"c1\",\"message\""
                + ":\"hi \\\"there\\\" \u00e9\",\"reply_to\":null,\"sender\":{\"address\":\"0xabc\",\"domain\":\"alice\",\"nickname\":\"Alice\"},\""
                + "zone_id\":\"z\",\"message_id\":\"m1\",\"offset\":7},\"sender\":{\"address\":\"0xdef\",\"domain\":\"bob\",\"nickname\":\"bo"
                + "b\"},\"zone_id\":\"z\",\"message_id\":\"m2\",\"offset\":8},{\"attributes\":{\"mentions\":null,\"reply\":null,\"t\":null"
                + ",\"zz\":1},\"creation_time\":1700000060,\"edited_at\":null,\"group_id\":\"c1\",\"message\":\"eph\",\"reply_to\":null"
                + ",\"sender\":{\"address\":\"0xdef\",\"domain\":\"bob\",\"nickname\":\"bob\"},\"zone_id\":\"z\",\"message_id\":\"m3\",\"ephem"
                + "eral\":true}]}}";

    private static final String MESSAGES = "{\"messages\":[{\"attributes\":{\"mentions\":null,\"reply\":null,\"t\":null},\"creation_time\":1700000000,\"edite"
                + "d_at\":null,\"group_id\":\"c1\",\"message\":\"hi \\\"there\\\" \u00e9\",\"reply_to\":null,\"sender\":{\"address\":\"0xabc\",\"d"
                + "omain\":\"alice\",\"nickname\":\"Alice\"},\"zone_id\":\"z\",\"message_id\":\"m1\",\"offset\":7},{\"attributes\":{\"menti"
                + "ons\":[\"a\"],\"reply\":1700000000,\"t\":\"x\",\"color\":{\"k\":[1,2]}},\"creation_time\":1700000050,\"edited_at\":17"
                + "00000100,\"group_id\":\"c1\",\"message\":\"re\",\"reply_to\":{\"attributes\":{\"mentions\":null,\"reply\":null,\"t\":n"
                + "ull},\"creation_time\":1700000000,\"edited_at\":null,\"group_id\":\"c1\",\"message\":\"hi \\\"there\\\" \u00e9\",\"reply_t"
                + "o\":null,\"sender\":{\"address\":\"0xabc\",\"domain\":\"alice\",\"nickname\":\"Alice\"},\"zone_id\":\"z\",\"message_id\":"
                + "\"m1\",\"offset\":7},\"sender\":{\"address\":\"0xdef\",\"domain\":\"bob\",\"nickname\":\"bob\"},\"zone_id\":\"z\",\"message"
                + "_id\":\"m2\",\"offset\":8},{\"attributes\":{\"mentions\":null,\"reply\":null,\"t\":null,\"zz\":1},\"creation_time\":1"
                + "700000060,\"edited_at\":null,\"group_id\":\"c1\",\"message\":\"eph\",\"reply_to\":null,\"sender\":{\"address\":\"0xde"
                + "f\",\"domain\":\"bob\",\"nickname\":\"bob\"},\"zone_id\":\"z\",\"message_id\":\"m3\",\"ephemeral\":true}]}";

    private final ObjectMapper json = new ObjectMapper();
    private final DiodeMessages messages = new DiodeMessages(json);

    private List<MessageEvent> events() {
        User alice = new User("u1", "alice", "Alice", null, "0xabc", null, false, null, 0);
        User bob = new User("u2", "bob", null, null, "0xdef", null, false, null, 0);
        Message m1 = new Message("m1", "z", "c1", 7, "u1", "hi \"there\" \u00e9", "text", null, null, null,
                1700000000123L, null, null);
        Message m2 = new Message("m2", "z", "c1", 8, "u2", "re", "text",
                "{\"t\":\"x\",\"reply\":5,\"color\":{\"k\":[1,2]},\"mentions\":[\"a\"]}", null, "m1",
                1700000050999L, 1700000100500L, null);
        Message m3 = new Message("m3", "z", "c1", 0, "u2", "eph", "text", "{\"zz\":1}", null, null, 1700000060000L,
                null, null);
        MessageEvent e1 = new MessageEvent(m1, alice, null, false);
        return List.of(e1, new MessageEvent(m2, bob, e1, false), new MessageEvent(m3, bob, null, true));
    }

    @Test
    void aPushFrameCarriesTheMessagesInDiodesShape() {
        ByteBuf frame = new DiodeFormat(json, messages).frame(events());
        byte[] payload = PUSH.getBytes(StandardCharsets.UTF_8);
        assertThat(frame.getUnsignedByte(frame.readerIndex())).isEqualTo((short) 0x81); // FIN, text
        assertThat(frame.getUnsignedByte(frame.readerIndex() + 1)).isEqualTo((short) 126); // 16-bit length follows
        assertThat(frame.getUnsignedShort(frame.readerIndex() + 2)).isEqualTo(payload.length);
        assertThat(frame.toString(frame.readerIndex() + 4, frame.readableBytes() - 4, StandardCharsets.UTF_8)).isEqualTo(PUSH);
    }

    @Test
    void getMessagesResultsHaveTheSameShape() {
        assertThat(messages.messages(events()).toString()).isEqualTo(MESSAGES);
    }
}
