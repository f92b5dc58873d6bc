package io.chorus.broker;

import io.chorus.core.ChannelCreated;
import io.chorus.core.ClusterWire;
import io.chorus.core.MessageDeleted;
import io.chorus.core.Message;
import io.chorus.core.MessageEvent;
import io.chorus.core.User;
import io.chorus.fanout.Publication;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublicationCodecTest {
    private final PublicationCodec codec = ClusterWire.codec(ClusterWire.mapper());

    private static MessageEvent event(String text) {
        User sender = new User("u1", "alice", "Al", null, "0xaa", "argon2-secret-hash", true, "secret-token", 1);
        Message m = new Message("m1", "z", "c", 7, "u1", text, "text", "{\"a\":1}", null, null, 5, null, null);
        return new MessageEvent(m, sender, null, false);
    }

    @Test
    void aBatchRoundTripsAndKeepsSecretsAtHome() {
        Publication one = new Publication(List.of("c:c", "z:z"), Set.of("u1", "u2"), event("hi ☃"), 0, "c", 7);
        Publication two = new Publication(List.of("c:c", "z:z"), null, event("second"));
        byte[] wire = PublicationCodec.batch(List.of(codec.encode(one), codec.encode(two)));
        assertThat(new String(wire, StandardCharsets.UTF_8)).doesNotContain("secret");

        List<PublicationCodec.Received> back = codec.decode(wire);
        assertThat(back).hasSize(2);
        Publication viaZone = back.get(0).through("z:z");
        assertThat(viaZone.firstTopic()).isEqualTo(1);
        assertThat(viaZone.sequenceKey()).isEqualTo("c");
        assertThat(viaZone.sequence()).isEqualTo(7);
        assertThat(viaZone.audience()).containsExactlyInAnyOrder("u1", "u2");
        MessageEvent e = (MessageEvent) viaZone.event();
        assertThat(e.message()).isEqualTo(event("hi ☃").message());
        assertThat(e.sender().username()).isEqualTo("alice");
        assertThat(e.sender().passwordHash()).isNull();
        assertThat(e.sender().remoteApiToken()).isNull();
        assertThat(back.get(1).through("c:c").sequenceKey()).isNull();
        assertThat(back.get(1).audience()).isNull();
    }

    @Test
    void deletionsAndNewChannelsCrossNodesToo() {
        Publication deleted = new Publication(List.of("c:c", "z:z"), null, new MessageDeleted("z", "c", "m1"));
        Publication created = new Publication(List.of("u:u2"), null, new ChannelCreated("c", "z", "u1"));
        List<PublicationCodec.Received> back = codec.decode(PublicationCodec.batch(List.of(codec.encode(deleted),
                codec.encode(created))));
        assertThat(back.get(0).through("c:c").event()).isEqualTo(new MessageDeleted("z", "c", "m1"));
        assertThat(back.get(1).through("u:u2").event()).isEqualTo(new ChannelCreated("c", "z", "u1"));
    }

    @Test
    void malformedBatchesAreRejected() {
        assertThatThrownBy(() -> codec.decode("{".getBytes())).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> codec.decode("[{\"topics\":[\"c:x\"],\"kind\":\"nope\",\"event\":{}}]".getBytes()))
                .hasMessageContaining("malformed");
        assertThat(NatsSubjects.escape("z:my.zone*>")).isEqualTo("z:my%2Ezone%2A%3E");
    }
}
