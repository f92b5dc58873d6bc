package io.chorus.api.chat21;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.chorus.support.Chat21Jwt;
import io.chorus.support.RawMqttClient;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.chorus.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhooks reach a real HTTP endpoint with the reference's bodies, a verifiable signature, and retries. */
class Chat21WebhooksTest {
    static final String KEY = "webhook-test-key";
    static HttpServer endpoint;
    static TestServer server;
    static final List<JsonNode> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final AtomicInteger refuseNext = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String signature = ex.getRequestHeaders().getFirst("X-Chorus-Signature");
            boolean refuse = refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            if (!refuse) {
                JsonNode event = TestServer.JSON.readTree(body);
                assertThat(signature).isEqualTo("sha256=" + hmac(body));
                assertThat(ex.getRequestHeaders().getFirst("X-Chorus-Event")).isEqualTo(event.get("event_type").asText());
                received.add(event);
            }
            ex.sendResponseHeaders(refuse ? 503 : 200, -1);
            ex.close();
        });
        endpoint.start();
        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook";
        server = TestServer.start(c -> c.withChat21(new Chat21Options(c.chat21().jwtSecret(), 0, true, List.of(url),
                Chat21Options.ALL_EVENTS, KEY)));
    }

    @AfterAll
    static void stop() {
        server.close();
        endpoint.stop(0);
    }

    static String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The webhook of this type about a message or conversation with this text, received so far or within 15 s.
     * Events are kept, not consumed: posts run concurrently, so they may arrive in any order.
     */
    static JsonNode next(String type, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode e : List.copyOf(received)) {
                if (!e.get("event_type").asText().equals(type)) continue;
                JsonNode data = e.get("data");
                String shown = data.has("last_message_text") ? data.get("last_message_text").asText() : data.path("text").asText();
                if (shown.equals(text)) return e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type + " webhook about '" + text + "'; got " + received);
    }

    static void send(String from, String to, String text) {
        TestServer.Response r = server.request("POST", "/api/tilechat/messages", "{\"sender_fullname\":\"F\",\"recipient_id\":\""
                + to + "\",\"recipient_fullname\":\"T\",\"text\":\"" + text + "\"}", Map.of("Authorization", Chat21Jwt.user(from),
                "Content-Type", "application/json"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aMessageIsSentOnceAndDeliveredToTheRecipient() throws Exception {
        send("hook-a", "hook-b", "webhooked");
        JsonNode sent = next("message-sent", "webhooked");
        assertThat(sent.get("app_id").asText()).isEqualTo("tilechat");
        assertThat(sent.get("recipient_id").asText()).isEqualTo("hook-b");
        assertThat(sent.get("delivered_to").asText()).isEqualTo("hook-a");
        assertThat(sent.get("data").get("text").asText()).isEqualTo("webhooked");
        assertThat(sent.get("data").get("status").asInt()).isEqualTo(100);
        assertThat(sent.get("message_id").asText()).isEqualTo(sent.get("data").get("message_id").asText());
        JsonNode delivered = next("message-delivered", "webhooked");
        assertThat(delivered.get("delivered_to").asText()).isEqualTo("hook-b");
        assertThat(delivered.get("data").get("status").asInt()).isEqualTo(150);
        assertThat(delivered.get("data").get("timelineOf").asText()).isEqualTo("hook-b");
    }

    @Test
    void archivingPostsTheConversation() throws Exception {
        send("hook-c", "hook-d", "to archive");
        TestServer.Response r = server.request("DELETE", "/api/tilechat/conversations/hook-c", null,
                Map.of("Authorization", Chat21Jwt.user("hook-d")));
        assertThat(r.status()).isEqualTo(201);
        JsonNode archived = next("conversation-archived", "to archive");
        assertThat(archived.get("user_id").asText()).isEqualTo("hook-d");
        assertThat(archived.get("convers_with").asText()).isEqualTo("hook-c");
        assertThat(archived.get("data").get("archived").asBoolean()).isTrue();
        assertThat(archived.get("data").get("last_message_text").asText()).isEqualTo("to archive");
    }

    /** An MQTT session of the user, over TCP. */
    static RawMqttClient mqtt(String user) throws Exception {
        RawMqttClient c = new RawMqttClient(server.server().mqttPort());
        c.send(RawMqttClient.connect(MqttVersion.MQTT_3_1_1, "hooks-" + user, 30, "JWT", Chat21Jwt.user(user)));
        assertThat(c.next().fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNACK);
        return c;
    }

    static void publish(RawMqttClient c, String topic, String json) throws Exception {
        c.send(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).messageId(1)
                .payload(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8)).build());
        MqttMessage ack;
        do ack = c.next();
        while (ack.fixedHeader().messageType() != MqttMessageType.PUBACK);
    }

    @Test
    void presenceAndReceiptsArePostedFromMqtt() throws Exception {
        send("hook-g", "hook-h", "read me");
        String id = next("message-sent", "read me").get("message_id").asText();
        try (RawMqttClient h = mqtt("hook-h")) {
            publish(h, "apps/tilechat/users/hook-h/presence/c-1", "{\"connected\":true}");
            JsonNode presence = null;
            for (int i = 0; i < 300 && presence == null; i++) {
                presence = received.stream().filter(e -> e.get("event_type").asText().equals("presence-change")
                        && e.path("user_id").asText().equals("hook-h")).findFirst().orElse(null);
                if (presence == null) Thread.sleep(50);
            }
            assertThat(presence).as("a presence-change webhook").isNotNull();
            assertThat(presence.get("data").get("presence").asText()).isEqualTo("online");
            assertThat(presence.get("data").get("client_id").asText()).isEqualTo("c-1");

            publish(h, "apps/tilechat/users/hook-h/messages/hook-g/" + id + "/update", "{\"status\":200}");
            JsonNode got = next("message-received", "read me");
            assertThat(got.get("delivered_to").asText()).isEqualTo("hook-h");
            assertThat(got.get("data").get("status").asInt()).isEqualTo(200);
            JsonNode receipt = next("message-return-receipt", "read me");
            assertThat(receipt.get("delivered_to").asText()).isEqualTo("hook-g");
            assertThat(receipt.get("data").get("status").asInt()).isEqualTo(250);
        }
    }

    @Test
    void aRefusedPostIsRetried() throws Exception {
        refuseNext.set(1);
        send("hook-e", "hook-f", "retry me");
        // One of the message's two posts was refused with 503; both arrive, the refused one on its retry.
        assertThat(next("message-sent", "retry me").get("delivered_to").asText()).isEqualTo("hook-e");
        assertThat(next("message-delivered", "retry me").get("delivered_to").asText()).isEqualTo("hook-f");
        assertThat(refuseNext.get()).as("a post was refused").isZero();
    }
}
