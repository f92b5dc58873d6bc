package io.chorus.api.mqtt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** One connection's outgoing messages: order, the QoS 1 window, and the packet ids it hands out and takes back. */
class MqttOutboundTest {

    /** Records what leaves the queue; writable unless told otherwise. */
    private static final class Sent implements MqttOutbound.Sink {
        final List<Integer> packetIds = new ArrayList<>();
        final List<String> topics = new ArrayList<>();
        boolean ready = true;

        @Override
        public boolean ready() { return ready; }

        @Override
        public void send(MqttOutbound.Message message, int packetId) {
            packetIds.add(packetId);
            topics.add(message.topic());
        }
    }

    private static MqttOutbound.Message qos1(String topic) { return new MqttOutbound.Message(topic, new byte[] {1}, 1, false); }

    @Test
    void packetIdsRotateThroughTheirSpaceAndNeverRepeatWhileInFlight() {
        MqttOutbound out = new MqttOutbound(4, 1_000); // an id space of 64
        Sent sent = new Sent();
        // One message stays unacknowledged throughout; the others are acknowledged as they go, past several wraps.
        out.offer(qos1("held"));
        out.pump(sent);
        int held = sent.packetIds.getFirst();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            out.offer(qos1("t" + i));
            out.pump(sent);
            int id = sent.packetIds.getLast();
            assertThat(id).isBetween(1, 64).isNotEqualTo(held);
            seen.add(id);
            assertThat(out.acknowledged(id)).isTrue();
            assertThat(out.acknowledged(id)).as("a duplicate PUBACK").isFalse();
        }
        assertThat(seen).hasSize(63); // every id but the held one, reused after each wrap
        assertThat(out.inflight()).isEqualTo(1);
        assertThat(out.acknowledged(held)).isTrue();
        assertThat(out.inflight()).isZero();
    }

    @Test
    void theWindowHoldsBackQos1AndWhatFollowsItUntilAcknowledged() {
        MqttOutbound out = new MqttOutbound(2, 1_000);
        Sent sent = new Sent();
        out.offer(qos1("a"));
        out.offer(qos1("b"));
        out.offer(qos1("c"));
        out.offer(new MqttOutbound.Message("d", new byte[0], 0, false));
        out.pump(sent);
        assertThat(sent.topics).containsExactly("a", "b");
        assertThat(out.queued()).isEqualTo(2);
        out.acknowledged(sent.packetIds.getFirst());
        out.pump(sent);
        assertThat(sent.topics).containsExactly("a", "b", "c", "d"); // the QoS 0 "d" did not overtake "c"
        assertThat(sent.packetIds.getLast()).isZero();
    }

    @Test
    void unknownAndOutOfRangePacketIdsAreNotAcknowledgements() {
        MqttOutbound out = new MqttOutbound(4, 1_000);
        assertThat(out.acknowledged(1)).as("nothing sent yet").isFalse();
        Sent sent = new Sent();
        out.offer(qos1("a"));
        out.pump(sent);
        assertThat(out.acknowledged(0)).isFalse();
        assertThat(out.acknowledged(65)).isFalse();
        assertThat(out.acknowledged(65_535)).isFalse();
        assertThat(out.acknowledged(-1)).isFalse();
        assertThat(out.acknowledged(sent.packetIds.getFirst() + 1)).isFalse();
        assertThat(out.inflight()).isEqualTo(1);
    }

    @Test
    void aFullQueueRefusesAndANotWritableSocketHoldsMessages() {
        MqttOutbound out = new MqttOutbound(4, 2);
        Sent sent = new Sent();
        sent.ready = false;
        assertThat(out.offer(qos1("a"))).isTrue();
        assertThat(out.offer(qos1("b"))).isTrue();
        assertThat(out.offer(qos1("c"))).as("the slow consumer's limit").isFalse();
        out.pump(sent);
        assertThat(sent.topics).isEmpty();
        sent.ready = true;
        out.pump(sent);
        assertThat(sent.topics).containsExactly("a", "b");
    }

    @Test
    void aTwoPartPayloadCountsBothParts() {
        var m = new MqttOutbound.Message("t", new byte[] {1, 2, 3}, new byte[] {4, 5}, 0, false);
        assertThat(m.payloadBytes()).isEqualTo(5);
        assertThat(new MqttOutbound.Message("t", new byte[] {1}, 0, false).tail()).isEmpty();
    }
}
