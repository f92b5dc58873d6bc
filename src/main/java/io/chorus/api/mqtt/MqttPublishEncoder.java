package io.chorus.api.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes a server-to-client PUBLISH straight into one buffer (MQTT 3.1.1 §3.3, MQTT 5 §3.3). Deliveries are the hot
 * path of a fan-out: going through Netty's encoder meant a message object, a wrapped payload and a trip through the
 * connection's private pipeline per packet. The bytes are the same as Netty's {@code MqttEncoder} writes (tested);
 * every other packet still goes through it.
 */
final class MqttPublishEncoder {
    private MqttPublishEncoder() {}

    /** The packet's size in bytes, to compare with the client's maximum before building it. */
    static int size(int topicBytes, int payloadBytes, int qos, boolean v5) {
        int remaining = remainingLength(topicBytes, payloadBytes, qos, v5);
        return 1 + varIntBytes(remaining) + remaining;
    }

    /**
     * {@code topicBytes} is {@link ByteBufUtil#utf8Bytes} of the topic; the payload is {@code head} followed by
     * {@code tail}. Never a DUP (a first delivery).
     */
    static ByteBuf encode(ByteBufAllocator alloc, String topic, int topicBytes, byte[] head, byte[] tail, int qos,
                          boolean retain, int packetId, boolean v5) {
        int remaining = remainingLength(topicBytes, head.length + tail.length, qos, v5);
        ByteBuf out = alloc.buffer(1 + varIntBytes(remaining) + remaining);
        out.writeByte(0x30 | qos << 1 | (retain ? 1 : 0));
        writeVarInt(out, remaining);
        out.writeShort(topicBytes);
        ByteBufUtil.reserveAndWriteUtf8(out, topic, topicBytes);
        if (qos > 0) out.writeShort(packetId);
        if (v5) out.writeByte(0); // no properties
        out.writeBytes(head);
        out.writeBytes(tail);
        return out;
    }

    private static int remainingLength(int topicBytes, int payloadBytes, int qos, boolean v5) {
        return 2 + topicBytes + (qos > 0 ? 2 : 0) + (v5 ? 1 : 0) + payloadBytes;
    }

    private static int varIntBytes(int value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    /** The variable byte integer of §1.5.5 / §2.2.3: seven bits per byte, low first, the top bit saying "more". */
    private static void writeVarInt(ByteBuf out, int value) {
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            out.writeByte(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }
}
