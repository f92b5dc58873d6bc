package io.chorus.api.chat21;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.socketchat.ChatRestTest;
import io.chorus.api.socketchat.ChatRestTest.Account;
import io.chorus.api.socketchat.ChatSocketSupport;
import io.chorus.api.socketchat.ChatSocketSupport.ChatSocket;
import io.chorus.support.Chat21Jwt;
import io.chorus.support.RawMqttClient;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.TestUser;
import io.chorus.support.WsClient;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Chat21 group is a core channel: a widget's MQTT message reaches a Socket.IO chat tab and a Diode bot in the same
 * group, and theirs reach the widget as clientadded. (The Socket.IO chat lives in the default zone, so the Chat21 app
 * here is "default", as the seed suggests for single-tenant installs.)
 */
class Chat21CrossApiTest {
    static TestServer server;

    @BeforeAll
    static void start() { server = TestServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    static String token(String user, String role) { return Chat21Jwt.sign(TestServer.CHAT21_SECRET, user, "default", role, 3600); }

    static RawMqttClient widget(String user) throws IOException {
        RawMqttClient c = new RawMqttClient(server.server().mqttPort());
        c.send(RawMqttClient.connect(MqttVersion.MQTT_3_1_1, "widget-" + user, 30, "JWT", token(user, "user")));
        assertThat(((MqttConnAckMessage) c.next()).variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        c.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE,
                "apps/default/users/" + user + "/#").build());
        assertThat(c.next().fixedHeader().messageType().name()).isEqualTo("SUBACK");
        return c;
    }

    /** The next clientadded message whose text is {@code text} (earlier ones, such as info lines, are skipped). */
    static JsonNode clientAdded(RawMqttClient c, String topic, String text) throws IOException {
        while (true) {
            MqttMessage m = c.next();
            if (!(m instanceof MqttPublishMessage p)) continue;
            String payload = p.payload().toString(StandardCharsets.UTF_8);
            if (!p.variableHeader().topicName().equals(topic)) continue;
            JsonNode body = TestServer.JSON.readTree(payload);
            if (body.get("text").asText().equals(text)) return body;
        }
    }

    @Test
    void aGroupJoinsMqttSocketIoAndDiodeUsers() throws Exception {
        TestUser bot = server.user("c21bot", "default", "Member");
        Account alice = ChatRestTest.register(server, "Alice21");
        String widget = "visitor-" + System.nanoTime();
        TestServer.Response created = server.request("POST", "/api/default/groups", "{\"group_name\":\"Help desk\","
                + "\"group_members\":{\"" + widget + "\":1,\"" + bot.id() + "\":1,\"" + alice.id() + "\":1}}",
                Map.of("Authorization", token("100-APIADMIN", "admin"), "Content-Type", "application/json"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String gid = created.json().get("group").get("uid").asText();
        String widgetTopic = "apps/default/users/" + widget + "/messages/" + gid + "/clientadded";

        try (RawMqttClient mqtt = widget(widget);
             ChatSocket tab = ChatSocketSupport.connect(server, alice.token(), alice.id(), List.of(gid));
             WsClient diode = new WsClient(server.wsUri("/api/json_rpc/ws"))) {
            assertThat(diode.call("authenticate", "[\"" + bot.token() + "\"]").get("result").asText()).isEqualTo("Authentication successful");
            assertThat(diode.call("subscribe_channel", "[\"default\",\"" + gid + "\"]").get("result").asText()).isEqualTo("Subscribed");

            // The widget speaks over MQTT.
            mqtt.send(MqttMessageBuilders.publish().topicName("apps/default/outgoing/users/" + widget + "/messages/" + gid + "/outgoing")
                    .qos(MqttQoS.AT_MOST_ONCE).payload(Unpooled.copiedBuffer("{\"text\":\"I need help\",\"type\":\"text\","
                            + "\"channel_type\":\"group\",\"sender_fullname\":\"Visitor\",\"recipient_fullname\":\"Help desk\"}",
                            StandardCharsets.UTF_8)).build());
            JSONObject inTab = tab.next();
            assertThat(inTab.getString("content")).isEqualTo("I need help");
            assertThat(inTab.getString("channel_id")).isEqualTo(gid);
            assertThat(inTab.getJSONObject("author").getString("id")).isEqualTo(widget);
            JsonNode inDiode = diode.awaitPush(5).get("result").get("messages").get(0);
            assertThat(inDiode.get("message").asText()).isEqualTo("I need help");
            assertThat(inDiode.get("sender").get("nickname").asText()).isEqualTo("Visitor");
            assertThat(clientAdded(mqtt, widgetTopic, "I need help").get("status").asInt()).isEqualTo(100);

            // The Socket.IO tab answers.
            tab.emit("message", new JSONObject().put("content", "how can we help?").put("channel", gid));
            JsonNode fromTab = clientAdded(mqtt, widgetTopic, "how can we help?");
            assertThat(fromTab.get("sender").asText()).isEqualTo(alice.id());
            assertThat(fromTab.get("sender_fullname").asText()).isEqualTo("Alice21");
            assertThat(fromTab.get("channel_type").asText()).isEqualTo("group");
            assertThat(fromTab.get("status").asInt()).isEqualTo(150);

            // So does the Diode bot.
            JsonNode sent = server.rpc(bot.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":"
                    + "\"default\",\"channel_id\":\"" + gid + "\",\"message\":\"bot here\"},\"id\":1}").json();
            assertThat(sent.has("error")).as(sent.toString()).isFalse();
            assertThat(clientAdded(mqtt, widgetTopic, "bot here").get("sender").asText()).isEqualTo(bot.id());

            // And the group's Chat21 history has all three, newest first.
            JsonNode history = server.request("GET", "/api/default/" + widget + "/conversations/" + gid + "/messages", null,
                    Map.of("Authorization", token(widget, "user"))).json().get("result");
            assertThat(history.get(0).get("text").asText()).isEqualTo("bot here");
            assertThat(history.get(1).get("text").asText()).isEqualTo("how can we help?");
            assertThat(history.get(2).get("text").asText()).isEqualTo("I need help");
        }
    }
}
