package io.chorus.api.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.mqtt.MqttConstant;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * Netty's MQTT decoder and encoder for one connection, placed in the connection's own channel pipeline right behind
 * the transport's handler (TCP or WebSocket):
 * <pre>
 *   transport handler → [binary frames, WebSocket only] → encoder → decoder → packets
 * </pre>
 * The transport hands its bytes on from its own context when the connection asks ({@link #decode}), so its pause and
 * resume still decide when bytes are decoded; packets written from the last handler's context pass the encoder
 * (and, over WebSocket, become binary frames) on their way out. Both codec halves keep per-connection state on the
 * channel: the decoder its partial packet, and the protocol version of the CONNECT, which the encoder needs for MQTT 5
 * reason codes and properties. (Before, they ran in a private {@code EmbeddedChannel} per connection: ~1.2 KiB of
 * heap each, for a pipeline, an event loop and queues the socket already has.) Used on the connection's loop only.
 */
final class MqttCodec {
    private static final Logger LOG = LoggerFactory.getLogger(MqttCodec.class);

    private final ChannelHandlerContext transport;
    private final Packets packets;
    private boolean dirty;

    private MqttCodec(ChannelHandlerContext transport, Packets packets) {
        this.transport = transport;
        this.packets = packets;
    }

    /**
     * Adds the codec's handlers behind {@code transport} (the handler that receives the socket's bytes or frames and
     * must not pass inbound events on by itself). {@code inBinaryFrames}: each written packet leaves as one binary
     * WebSocket frame. On the channel's loop.
     */
    static MqttCodec install(ChannelHandlerContext transport, boolean inBinaryFrames, int maxPacketBytes) {
        ChannelPipeline pipeline = transport.pipeline();
        String behind = transport.name();
        if (inBinaryFrames) {
            pipeline.addAfter(behind, "chorus-mqtt-frames", BinaryFrames.INSTANCE);
            behind = "chorus-mqtt-frames";
        }
        pipeline.addAfter(behind, "chorus-mqtt-encoder", MqttEncoder.INSTANCE);
        pipeline.addAfter("chorus-mqtt-encoder", "chorus-mqtt-decoder",
                new MqttDecoder(maxPacketBytes, MqttConstant.DEFAULT_MAX_CLIENT_ID_LENGTH));
        Packets packets = new Packets();
        pipeline.addAfter("chorus-mqtt-decoder", "chorus-mqtt-packets", packets);
        return new MqttCodec(transport, packets);
    }

    /**
     * Decodes what arrived (a packet may span calls, a call may hold several packets) and hands each packet to
     * {@code to} before returning. A malformed or oversized packet comes out as a message whose
     * {@code decoderResult()} failed; the decoder then ignores everything after it. Takes ownership of {@code bytes}.
     */
    void decode(ByteBuf bytes, Consumer<MqttMessage> to) {
        packets.to = to;
        try {
            transport.fireChannelRead(bytes);
        } finally {
            packets.to = null;
        }
    }

    /** Queues a packet (a {@link MqttMessage}, or a {@link ByteBuf} already encoded); not flushed. */
    void write(Object packet) {
        packets.ctx.write(packet, packets.ctx.voidPromise());
        dirty = true;
    }

    void flush() {
        if (dirty) {
            dirty = false;
            packets.ctx.flush();
        }
    }

    /** The last handler: takes the decoded packets to the connection, and is where writes start. */
    private static final class Packets extends ChannelInboundHandlerAdapter {
        ChannelHandlerContext ctx;
        Consumer<MqttMessage> to;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) { this.ctx = ctx; }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (to != null && msg instanceof MqttMessage packet) to.accept(packet);
            else ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // The decoder reports bad input as failed packets; anything thrown is a fault: end the connection.
            LOG.warn("MQTT connection closed after an error in its codec", cause);
            ctx.channel().close();
        }
    }

    /** Over WebSocket: each encoded packet as one binary frame (MQTT 3.1.1 §6, MQTT 5 §6). */
    @ChannelHandler.Sharable
    private static final class BinaryFrames extends MessageToMessageEncoder<ByteBuf> {
        static final BinaryFrames INSTANCE = new BinaryFrames();

        @Override
        protected void encode(ChannelHandlerContext ctx, ByteBuf packet, List<Object> out) {
            out.add(new BinaryWebSocketFrame(packet.retain()));
        }
    }
}
