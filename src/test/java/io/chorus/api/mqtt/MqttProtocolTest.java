package io.chorus.api.mqtt;

import io.chorus.support.RawMqttClient;

import io.chorus.fanout.Publication;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Protocol rules that need a misbehaving client: a raw socket speaking MQTT through Netty's codec. */
class MqttProtocolTest {
    static MqttTestServer server;

    @BeforeAll
    static void start() {
        server = new MqttTestServer(new MqttOptions(64 * 1024, 1, 50, 10, Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static RawMqttClient connected(MqttVersion version, String clientId, int keepAlive) throws Exception {
        RawMqttClient c = new RawMqttClient(server.tcpPort);
        c.send(RawMqttClient.connect(version, clientId, keepAlive));
        MqttConnAckMessage ack = (MqttConnAckMessage) c.next();
        assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        assertThat(ack.variableHeader().isSessionPresent()).isFalse();
        return c;
    }

    static MqttMessage packet(MqttMessageType type, MqttQoS qos) {
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0));
    }

    static byte disconnectReason(MqttMessage m) {
        assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        return ((MqttReasonCodeAndPropertiesVariableHeader) m.variableHeader()).reasonCode();
    }

    @Test
    void firstPacketMustBeConnect() throws Exception {
        try (RawMqttClient c = new RawMqttClient(server.tcpPort)) {
            c.send(packet(MqttMessageType.PINGREQ, MqttQoS.AT_MOST_ONCE));
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void silentConnectionClosedAfterConnectTimeout() throws Exception {
        try (RawMqttClient c = new RawMqttClient(server.tcpPort)) {
            assertThat(c.closedWithin(4000)).isTrue();
        }
    }

    @Test
    void secondConnectIsAViolation() throws Exception {
        try (RawMqttClient c = connected(MqttVersion.MQTT_3_1_1, "twice", 0)) {
            c.send(RawMqttClient.connect(MqttVersion.MQTT_3_1_1, "twice", 0));
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void mqtt31IsAccepted() throws Exception {
        try (RawMqttClient c = connected(MqttVersion.MQTT_3_1, "old-client", 0)) {
            c.send(packet(MqttMessageType.PINGREQ, MqttQoS.AT_MOST_ONCE));
            assertThat(c.next().fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
        }
    }

    @Test
    void unknownProtocolLevelGetsReturnCode1() throws Exception {
        try (RawMqttClient c = new RawMqttClient(server.tcpPort)) {
            // CONNECT, protocol "MQTT" level 9, clean session, keepalive 0, client id "x"
            c.sendRaw(new byte[] {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 9, 2, 0, 0, 0, 1, 'x'});
            MqttConnAckMessage ack = (MqttConnAckMessage) c.next();
            assertThat(ack.variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void qos2PublishClosesMqtt311() throws Exception {
        try (RawMqttClient c = connected(MqttVersion.MQTT_3_1_1, "qos2-v4", 0)) {
            c.send(MqttMessageBuilders.publish().topicName("users/good/x").qos(MqttQoS.EXACTLY_ONCE).messageId(7)
                    .payload(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {1})).build());
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void qos2PublishGetsDisconnect0x9BInMqtt5() throws Exception {
        try (RawMqttClient c = new RawMqttClient(server.tcpPort)) {
            c.send(RawMqttClient.connect(MqttVersion.MQTT_5, "qos2-v5", 0));
            MqttConnAckMessage ack = (MqttConnAckMessage) c.next();
            MqttProperties props = ack.variableHeader().properties();
            assertThat(props.getProperty(MqttProperties.MAXIMUM_QOS).value()).isEqualTo(1);
            assertThat(props.getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL).value()).isEqualTo(0);
            c.send(MqttMessageBuilders.publish().topicName("users/good/x").qos(MqttQoS.EXACTLY_ONCE).messageId(7)
                    .payload(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {1})).build());
            assertThat(disconnectReason(c.next())).isEqualTo(MqttReasonCodes.Disconnect.QOS_NOT_SUPPORTED.byteValue());
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void malformedPacketCloses() throws Exception {
        try (RawMqttClient c = connected(MqttVersion.MQTT_3_1_1, "malformed", 0)) {
            // SUBSCRIBE must have flags 0010; 0000 is malformed (MQTT-3.8.1-1).
            c.sendRaw(new byte[] {(byte) 0x80, 8, 0, 1, 0, 3, 'a', '/', 'b', 0});
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void invalidFiltersAreRefusedOneByOne() throws Exception {
        try (RawMqttClient c = connected(MqttVersion.MQTT_3_1_1, "filters", 0)) {
            c.send(MqttMessageBuilders.subscribe().messageId(3).addSubscription(MqttQoS.AT_LEAST_ONCE, "users/good/a+")
                    .addSubscription(MqttQoS.EXACTLY_ONCE, "users/good/#").addSubscription(MqttQoS.AT_MOST_ONCE, "users/#/x")
                    .build());
            MqttSubAckMessage ack = (MqttSubAckMessage) c.next();
            assertThat(ack.payload().reasonCodes()).containsExactly(0x80, 1, 0x80);
        }
    }

    @Test
    void keepAliveTimeoutClosesAndPublishesTheWill() throws Exception {
        try (RawMqttClient c = new RawMqttClient(server.tcpPort)) {
            c.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("sleepy").cleanSession(true)
                    .keepAlive(1).hasUser(true).username("good").hasPassword(true)
                    .password("secret".getBytes(StandardCharsets.UTF_8)).willFlag(true).willTopic("users/good/sleepy")
                    .willMessage("asleep".getBytes(StandardCharsets.UTF_8)).build());
            assertThat(c.next()).isInstanceOf(MqttConnAckMessage.class);
            assertThat(disconnectReason(c.next())).isEqualTo(MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT.byteValue());
            assertThat(c.closedWithin(3000)).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.app.published.contains("good users/good/sleepy asleep"));
    }

    /** MQTT 5 §3.1.2.11.4: a PUBLISH larger than the client's Maximum Packet Size is not sent; the next ones are. */
    @Test
    void coreTopicChangesOfOneDeliveryApplyInTheirOrder() throws Exception {
        try (RawMqttClient c = connected(MqttVersion.MQTT_3_1_1, "topic-changes", 0)) {
            c.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_MOST_ONCE, "users/good/#").build());
            assertThat(c.next()).isInstanceOf(MqttSubAckMessage.class);
            change(c, List.of("+room:a", "+room:b"));
            // Left and joined again (a), joined and left again (b), within one delivery: a is followed, b is not.
            change(c, List.of("-room:a", "+room:a", "+room:b", "-room:b"));
            for (String room : List.of("b", "a")) {
                server.hub.publish(new Publication(List.of("room:" + room), null,
                        new TestChatApp.Event("users/good/" + room, room.getBytes(StandardCharsets.UTF_8))));
            }
            MqttPublishMessage got = (MqttPublishMessage) c.next();
            assertThat(got.variableHeader().topicName()).isEqualTo("users/good/a");
            got.release();
        }
    }

    /**
     * Hands the test client's session topic changes in one delivery, then waits until they are applied: they are, by
     * the time a message published after them reaches the client (the connection applies them before it flushes).
     */
    private static void change(RawMqttClient c, List<String> changes) throws Exception {
        server.hub.publish(new Publication(List.of("u:good"), null, new TestChatApp.TopicChanges(changes)));
        server.hub.publish(new Publication(List.of("u:good"), null,
                new TestChatApp.Event("users/good/marker", changes.toString().getBytes(StandardCharsets.UTF_8))));
        MqttPublishMessage marker = (MqttPublishMessage) c.next();
        assertThat(marker.payload().toString(StandardCharsets.UTF_8)).isEqualTo(changes.toString());
        marker.release();
    }

    @Test
    void publishesOverTheClientsMaximumPacketSizeAreSkipped() throws Exception {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), 100));
        try (RawMqttClient c = new RawMqttClient(server.tcpPort)) {
            c.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("small").cleanSession(true)
                    .hasUser(true).username("good").hasPassword(true).password("secret".getBytes(StandardCharsets.UTF_8))
                    .properties(props).build());
            assertThat(c.next()).isInstanceOf(MqttConnAckMessage.class);
            c.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_MOST_ONCE, "users/good/#").build());
            assertThat(c.next()).isInstanceOf(MqttSubAckMessage.class);
            for (String payload : List.of("x".repeat(200), "small")) {
                server.hub.publish(new Publication(List.of("u:good"), null,
                        new TestChatApp.Event("users/good/size", payload.getBytes(StandardCharsets.UTF_8))));
            }
            MqttPublishMessage got = (MqttPublishMessage) c.next();
            assertThat(got.payload().toString(StandardCharsets.UTF_8)).as("the 200-byte one was skipped").isEqualTo("small");
            got.release();
        }
    }

    @Test
    void aFloodingPublisherIsReadNoFasterThanItsPublishesAreHandled() throws Exception {
        CompletableFuture<Void> handled = new CompletableFuture<>();
        server.app.heldUntil = handled;
        int count = 8_000; // 16 KiB each: 128 MiB, far more than the sockets' buffers hold
        try (RawMqttClient c = connected(MqttVersion.MQTT_3_1_1, "flood", 0)) {
            byte[] packet = RawMqttClient.encode(MqttMessageBuilders.publish().topicName("held/flood")
                    .qos(MqttQoS.AT_LEAST_ONCE).messageId(1).payload(Unpooled.wrappedBuffer(new byte[16 * 1024])).build());
            int idAt = packet.length - 16 * 1024 - 2;
            AtomicLong sent = new AtomicLong();
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    for (int id = 1; id <= count; id++) {
                        packet[idAt] = (byte) (id >> 8);
                        packet[idAt + 1] = (byte) id;
                        c.sendRaw(packet);
                        sent.addAndGet(packet.length);
                    }
                } catch (IOException e) {
                    sent.set(-1);
                }
            });
            // While nothing is handled, the server stops reading once 64 publishes are in flight and a few wait: the
            // writer stalls on full socket buffers instead of the server buffering the whole stream.
            long[] previous = {-2};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> previous[0] == (previous[0] = sent.get()));
            assertThat(sent.get()).as("bytes the server took while every publish was held").isBetween(0L, 64L << 20);
            handled.complete(null);
            for (int id = 1; id <= count; id++) {
                MqttMessage ack = c.next();
                assertThat(ack.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
                assertThat(((MqttMessageIdVariableHeader) ack.variableHeader()).messageId()).isEqualTo(id);
            }
            writer.join();
        } finally {
            server.app.heldUntil = CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void slowConsumerIsDisconnected() throws Exception {
        try (RawMqttClient c = new RawMqttClient(server.tcpPort)) {
            c.send(RawMqttClient.connect(MqttVersion.MQTT_5, "slow", 0));
            assertThat(c.next()).isInstanceOf(MqttConnAckMessage.class);
            c.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, "users/good/#").build());
            assertThat(c.next()).isInstanceOf(MqttSubAckMessage.class);
            // In-flight window 1, queue 50: never acknowledging, the client lets the queue overflow.
            for (int i = 0; i < 60; i++) {
                server.hub.publish(new Publication(List.of("u:good"), null,
                        new TestChatApp.Event("users/good/flood", String.valueOf(i).getBytes(StandardCharsets.UTF_8))));
            }
            MqttMessage first = c.next();
            assertThat(first).isInstanceOf(MqttPublishMessage.class);
            assertThat(((MqttPublishMessage) first).fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
            assertThat(disconnectReason(c.next())).isEqualTo(MqttReasonCodes.Disconnect.QUOTA_EXCEEDED.byteValue());
            assertThat(c.closedWithin(3000)).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.sessions() == 0);
    }
}
