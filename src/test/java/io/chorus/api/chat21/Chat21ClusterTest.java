package io.chorus.api.chat21;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.server.ClusterConfig;
import io.chorus.support.Chat21Jwt;
import io.chorus.support.RawMqttClient;
import io.chorus.support.Services;
import io.chorus.support.TestServer;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Chat21 on two nodes sharing PostgreSQL and NATS: messages, group updates and retained presence cross. */
class Chat21ClusterTest {

    static RawMqttClient subscriber(TestServer node, String user) throws IOException {
        RawMqttClient c = new RawMqttClient(node.server().mqttPort());
        c.send(RawMqttClient.connect(MqttVersion.MQTT_3_1_1, UUID.randomUUID().toString(), 30, "JWT", Chat21Jwt.user(user)));
        assertThat(((MqttConnAckMessage) c.next()).variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        c.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE,
                "apps/tilechat/users/" + user + "/#").build());
        assertThat(c.next().fixedHeader().messageType().name()).isEqualTo("SUBACK");
        return c;
    }

    /** The next PUBLISH on exactly this topic (others skipped), with its JSON payload. */
    static JsonNode next(RawMqttClient c, String topic) throws IOException {
        while (true) {
            MqttMessage m = c.next();
            if (m instanceof MqttPublishMessage p && p.variableHeader().topicName().equals(topic)) {
                return TestServer.JSON.readTree(p.payload().toString(StandardCharsets.UTF_8));
            }
        }
    }

    static TestServer.Response post(TestServer node, String path, String body, String token) {
        return node.request("POST", "/api/tilechat" + path, body, Map.of("Authorization", token, "Content-Type", "application/json"));
    }

    @Test
    void chat21UsersOnTwoNodesTalk() throws Exception {
        Services.requireNats();
        String cluster = Services.uniquePrefix();
        String ann = "ann-" + UUID.randomUUID(), ben = "ben-" + UUID.randomUUID();
        try (Services.PostgresDatabase db = Services.postgresDatabase();
             TestServer one = TestServer.start(c -> c.withCluster(new ClusterConfig("postgres", db.url(), "nats",
                     Services.NATS_URL, cluster, "node-1")));
             TestServer two = TestServer.start(c -> c.withCluster(new ClusterConfig("postgres", db.url(), "nats",
                     Services.NATS_URL, cluster, "node-2")));
             RawMqttClient annOnTwo = subscriber(two, ann)) {
            // A first direct message, sent on node 1, reaches Ann's session on node 2.
            TestServer.Response sent = post(one, "/messages", "{\"sender_fullname\":\"Ben\",\"recipient_id\":\"" + ann
                    + "\",\"recipient_fullname\":\"Ann\",\"text\":\"across nodes\"}", Chat21Jwt.user(ben));
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            JsonNode direct = next(annOnTwo, "apps/tilechat/users/" + ann + "/messages/" + ben + "/clientadded");
            assertThat(direct.get("text").asText()).isEqualTo("across nodes");
            assertThat(direct.get("sender_fullname").asText()).isEqualTo("Ben");

            // A group made on node 1: Ann's session on node 2 follows it, and its first lines reach her.
            TestServer.Response created = post(one, "/groups", "{\"group_name\":\"Both\",\"group_members\":{\"" + ann + "\":1}}",
                    Chat21Jwt.user(ben));
            String gid = created.json().get("group").get("uid").asText();
            assertThat(next(annOnTwo, "apps/tilechat/users/" + ann + "/messages/" + gid + "/clientadded").get("text").asText())
                    .isEqualTo("Group created");
            post(one, "/messages", "{\"sender_fullname\":\"Ben\",\"recipient_id\":\"" + gid + "\",\"recipient_fullname\":\"Both\","
                    + "\"text\":\"to the group\",\"channel_type\":\"group\"}", Chat21Jwt.user(ben));
            JsonNode group;
            do group = next(annOnTwo, "apps/tilechat/users/" + ann + "/messages/" + gid + "/clientadded");
            while (!group.get("text").asText().equals("to the group"));

            // Retained presence published on node 2 is found by Ann's next session on node 1.
            annOnTwo.send(MqttMessageBuilders.publish().topicName("apps/tilechat/users/" + ann + "/presence/c1").retained(true)
                    .qos(MqttQoS.AT_LEAST_ONCE).messageId(7).payload(Unpooled.copiedBuffer("{\"connected\":true}", StandardCharsets.UTF_8)).build());
            MqttMessage ack;
            do ack = annOnTwo.next();
            while (!ack.fixedHeader().messageType().name().equals("PUBACK"));
            try (RawMqttClient annOnOne = subscriber(one, ann)) {
                assertThat(next(annOnOne, "apps/tilechat/users/" + ann + "/presence/c1").get("connected").asBoolean()).isTrue();
            }
        }
    }
}
