package io.chorus.api.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written PUBLISH is byte for byte what Netty's MqttEncoder writes, for both protocol versions. */
class MqttPublishEncoderTest {

    @ParameterizedTest(name = "v5={0} qos={1} retain={2} payload={3} topic={4}")
    @CsvSource({
            "false, 0, false, 0, a/b",
            "false, 1, false, 10, apps/tilechat/users/u1/messages/u2/outgoing",
            "false, 1, true, 126, t",
            "true, 0, false, 20, a/b",
            "true, 1, true, 200, caf\u00e9/\u00fcber/\u6f22\u5b57",
            "false, 0, false, 16400, long/one",     // remaining length takes three bytes
            "true, 1, false, 2100000, longer/one",   // four bytes
    })
    void matchesNettysEncoder(boolean v5, int qos, boolean retain, int payloadBytes, String topic) {
        byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 'x');
        int topicBytes = ByteBufUtil.utf8Bytes(topic);
        // The payload in two parts, as a fan-out writes a shared head and a per-client tail.
        int split = payloadBytes / 3;
        ByteBuf ours = MqttPublishEncoder.encode(ByteBufAllocator.DEFAULT, topic, topicBytes,
                Arrays.copyOfRange(payload, 0, split), Arrays.copyOfRange(payload, split, payloadBytes), qos, retain, 42, v5);
        ByteBuf netty = netty(v5, topic, payload, qos, retain, 42);
        try {
            assertThat(ByteBufUtil.getBytes(ours)).isEqualTo(ByteBufUtil.getBytes(netty));
            assertThat(MqttPublishEncoder.size(topicBytes, payloadBytes, qos, v5)).isEqualTo(ours.readableBytes());
            assertThat(topic.getBytes(StandardCharsets.UTF_8)).hasSize(topicBytes);
        } finally {
            ours.release();
            netty.release();
        }
    }

    private static ByteBuf netty(boolean v5, String topic, byte[] payload, int qos, boolean retain, int packetId) {
        EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
        // The attribute Netty's decoder sets from the CONNECT; the encoder reads it.
        channel.attr(AttributeKey.<MqttVersion>valueOf("NETTY_CODEC_MQTT_VERSION"))
                .set(v5 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1);
        channel.writeOutbound(new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), retain, 0),
                new MqttPublishVariableHeader(topic, qos == 0 ? -1 : packetId), Unpooled.wrappedBuffer(payload)));
        ByteBuf out = Unpooled.buffer();
        for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
            out.writeBytes(part);
            part.release();
        }
        channel.finishAndReleaseAll();
        return out;
    }
}
