package io.chorus.api.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConstant;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;

import java.util.function.Consumer;

/**
 * Netty's MQTT decoder and encoder for one connection, whatever carries its bytes (TCP or WebSocket frames). They sit
 * in a private {@link EmbeddedChannel} because both keep per-connection state there: the decoder its partial packet,
 * and the protocol version of the CONNECT, which the encoder needs to write MQTT 5 reason codes and properties.
 * Used on the connection's event loop only.
 */
final class MqttCodec {
    private final EmbeddedChannel channel;

    MqttCodec(int maxPacketBytes) {
        channel = new EmbeddedChannel(new MqttDecoder(maxPacketBytes, MqttConstant.DEFAULT_MAX_CLIENT_ID_LENGTH),
                MqttEncoder.INSTANCE);
    }

    /**
     * Decodes what arrived (a packet may span calls, a call may hold several packets). A malformed or oversized packet
     * comes out as a message whose {@code decoderResult()} failed; the decoder then ignores everything after it.
     * Takes ownership of {@code bytes}.
     */
    void decode(ByteBuf bytes, Consumer<MqttMessage> packets) {
        channel.writeInbound(bytes);
        MqttMessage m;
        while ((m = channel.readInbound()) != null) packets.accept(m);
    }

    /** One packet's bytes (the caller writes and releases them). */
    ByteBuf encode(MqttMessage packet) {
        channel.writeOutbound(packet);
        return channel.readOutbound();
    }

    /** Releases any partial packet and whatever the channel still holds. */
    void close() {
        channel.finishAndReleaseAll();
    }
}
