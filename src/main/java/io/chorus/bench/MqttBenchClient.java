package io.chorus.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.Promise;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * An MQTT 3.1.1 client over TCP or WebSocket (Netty's MQTT codec), QoS 0 only. Two ways to map the scenarios'
 * "channels" onto topics:
 * <ul>
 * <li>Chat21 on Chorus ({@code chat21} set): the client is a Chat21 user (username {@code JWT}, the token as password)
 * subscribed to its own subtree {@code apps/<app>/users/<me>/#}; a channel is a Chat21 group the user is a member of,
 * sent to on {@code apps/<app>/outgoing/users/<me>/messages/<group>/outgoing}, and each delivery is the
 * {@code .../messages/<group>/clientadded} JSON the server renders per member, carrying the message's {@code text}.</li>
 * <li>A plain broker (Mosquitto): anonymous, a channel is a topic, subscribed to and published to as is. The payload
 * is the same JSON the Chat21 client sends, so both servers carry messages of the same size.</li>
 * </ul>
 */
final class MqttBenchClient implements BenchClient {
    /** What a Chat21 client needs: the app, its user id and its JWT. */
    record Chat21(String app, String user, String token) {}

    private static final byte[] TEXT_KEY = "\"text\":\"".getBytes(StandardCharsets.US_ASCII);

    private final NetClient tcpClient;
    private final WebSocketClient wsClient;
    private final URI server;
    private final Chat21 chat21;
    private final Map<Integer, Promise<Void>> subscribing = new HashMap<>();
    private Consumer<Delivery> handler = d -> {};
    private Link link;
    private final ConnectionLoss loss = new ConnectionLoss();
    private Promise<Void> connected;
    private int nextPacketId = 1;

    /**
     * @param server {@code tcp://host:port}, or {@code ws://host:port/path} for MQTT over WebSocket (binary frames,
     *               subprotocol {@code mqtt}, as browsers' MQTT clients connect)
     */
    MqttBenchClient(NetClient tcpClient, WebSocketClient wsClient, URI server, Chat21 chat21) {
        if (!isSupported(server)) throw new IllegalArgumentException("--mqtt takes tcp://host:port or ws://host:port/path, not " + server);
        this.tcpClient = tcpClient;
        this.wsClient = wsClient;
        this.server = server;
        this.chat21 = chat21;
    }

    static boolean isSupported(URI server) {
        return server.getHost() != null && server.getPort() > 0
                && ("tcp".equals(server.getScheme()) || "ws".equals(server.getScheme()));
    }

    /** How packets travel: encoded in the TCP socket's own pipeline, or as binary WebSocket frames. */
    private interface Link {
        void send(MqttMessage packet);

        void close();
    }

    @Override
    public Future<Void> connect() {
        connected = Promise.promise();
        Future<Link> opened = server.getScheme().equals("ws") ? openWebSocket() : openTcp();
        return opened.compose(l -> {
            link = l;
            // Keepalive 0: the server never times the client out, so idle subscribers need no PINGREQ timers.
            var connect = MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1)
                    .clientId("bench-" + UUID.randomUUID()).cleanSession(true).keepAlive(0);
            if (chat21 != null) {
                connect.hasUser(true).username("JWT").hasPassword(true).password(chat21.token().getBytes(StandardCharsets.UTF_8));
            }
            link.send(connect.build());
            return connected.future();
        });
    }

    private Future<Link> openTcp() {
        return tcpClient.connect(server.getPort(), server.getHost()).map(s -> {
            NetSocketInternal socket = (NetSocketInternal) s;
            ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
            pipeline.addBefore("handler", "mqttDecoder", new MqttDecoder(1 << 20));
            pipeline.addBefore("handler", "mqttEncoder", MqttEncoder.INSTANCE);
            socket.messageHandler(this::onPacket);
            socket.closeHandler(v -> ended("connection closed")); // MQTT 3.1.1 gives no reason
            return new Link() {
                @Override public void send(MqttMessage packet) { socket.writeMessage(packet); }

                @Override public void close() { socket.close(); }
            };
        });
    }

    /** Netty's codec in an embedded channel of the client's own: a packet may span frames, a frame hold several. */
    private Future<Link> openWebSocket() {
        String path = server.getRawPath() == null || server.getRawPath().isEmpty() ? "/" : server.getRawPath();
        return wsClient.connect(new WebSocketConnectOptions().setHost(server.getHost()).setPort(server.getPort())
                        .setURI(path).addSubProtocol("mqtt").setTimeout(30_000))
                .map(ws -> {
                    EmbeddedChannel codec = new EmbeddedChannel(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE);
                    ws.handler(frame -> {
                        codec.writeInbound(Unpooled.wrappedBuffer(frame.getBytes()));
                        Object packet;
                        while ((packet = codec.readInbound()) != null) onPacket(packet);
                    });
                    ws.closeHandler(v -> {
                        ended(ConnectionLoss.reason(ws));
                        codec.finishAndReleaseAll();
                    });
                    return new Link() {
                        @Override public void send(MqttMessage packet) {
                            codec.writeOutbound(packet);
                            ByteBuf bytes = codec.readOutbound();
                            try {
                                ws.writeBinaryMessage(Buffer.buffer(ByteBufUtil.getBytes(bytes)));
                            } finally {
                                bytes.release();
                            }
                        }

                        @Override public void close() { ws.close(); }
                    };
                });
    }

    private void ended(String reason) {
        connected.tryFail("closed by the server");
        subscribing.values().forEach(p -> p.tryFail("closed by the server"));
        loss.ended(reason);
    }

    @Override
    public Future<Void> subscribe(String channel) {
        String filter = chat21 != null ? "apps/" + chat21.app() + "/users/" + chat21.user() + "/#" : channel;
        int id = packetId();
        Promise<Void> p = Promise.promise();
        subscribing.put(id, p);
        link.send(MqttMessageBuilders.subscribe().messageId(id).addSubscription(MqttQoS.AT_MOST_ONCE, filter).build());
        return p.future();
    }

    @Override
    public void publish(String channel, String text) {
        String topic = chat21 != null ? "apps/" + chat21.app() + "/outgoing/users/" + chat21.user() + "/messages/" + channel + "/outgoing"
                : channel;
        String json = "{\"text\":\"" + text + "\",\"type\":\"text\",\"channel_type\":\"group\",\"sender_fullname\":\"bench\","
                + "\"recipient_fullname\":\"g\"}";
        link.send(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_MOST_ONCE)
                .payload(Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8))).build());
    }

    private void onPacket(Object msg) {
        try {
            switch (msg) {
                case MqttPublishMessage p -> {
                    ByteBuf payload = p.payload();
                    int at = indexOf(payload, TEXT_KEY);
                    handler.accept(new Delivery(new AsciiView(payload), at < 0 ? -1 : at + TEXT_KEY.length));
                }
                case MqttConnAckMessage ack -> {
                    MqttConnectReturnCode code = ack.variableHeader().connectReturnCode();
                    if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) connected.tryComplete();
                    else connected.tryFail("CONNACK " + code);
                }
                case MqttSubAckMessage ack -> {
                    Promise<Void> p = subscribing.remove(ack.variableHeader().messageId());
                    if (p == null) return;
                    if (ack.payload().grantedQoSLevels().stream().allMatch(q -> q < 0x80)) p.complete();
                    else p.fail("SUBACK refused");
                }
                case MqttMessage m when m.decoderResult().isFailure() -> {
                    loss.ended("undecodable packet from the server");
                    link.close();
                }
                default -> { }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private int packetId() {
        int id = nextPacketId;
        nextPacketId = nextPacketId == 0xFFFF ? 1 : nextPacketId + 1;
        return id;
    }

    /** Where {@code needle} starts in the readable bytes of {@code b}, relative to its reader index; -1 if absent. */
    private static int indexOf(ByteBuf b, byte[] needle) {
        int start = b.readerIndex(), end = b.writerIndex() - needle.length;
        outer:
        for (int i = start; i <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b.getByte(i + j) != needle[j]) continue outer;
            }
            return i - start;
        }
        return -1;
    }

    /** The payload read as ASCII in place, for {@link Latency} (only valid while the packet is being handled). */
    private record AsciiView(ByteBuf b) implements CharSequence {
        @Override public int length() { return b.readableBytes(); }

        @Override public char charAt(int i) { return (char) (b.getByte(b.readerIndex() + i) & 0xFF); }

        @Override public CharSequence subSequence(int from, int to) { return toString().substring(from, to); }

        @Override public String toString() { return b.toString(StandardCharsets.UTF_8); }
    }

    @Override
    public void onDelivery(Consumer<Delivery> handler) { this.handler = handler; }

    @Override
    public void onLost(Consumer<String> handler) { loss.onLost(handler); }

    @Override
    public void close() {
        if (link != null) link.close();
    }
}
