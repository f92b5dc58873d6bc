package io.chorus.api.diode;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.TestUser;
import io.chorus.support.TestServer.TestZone;
import io.chorus.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The remote API over WebSocket: authentication, live pushes, zone-wide subscriptions, history and recovery. */
class DiodeWebSocketTest {
    static TestServer server;
    static TestZone zone;
    static TestUser alice;
    static TestUser bob;
    static TestUser carol;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        zone = server.zone("acme");
        alice = server.user("alice", zone.id(), "Owner");
        bob = server.user("bob", zone.id(), "Member");
        carol = server.user("carol", zone.id(), "Member");
    }

    @AfterAll
    static void stop() { server.close(); }

    static WsClient connect(TestUser u) {
        WsClient ws = new WsClient(server.wsUri("/api/json_rpc/ws"));
        JsonNode r = ws.call("authenticate", "[\"" + u.token() + "\"]");
        assertThat(r.get("result").asText()).isEqualTo("Authentication successful");
        return ws;
    }

    static void send(TestUser u, String channel, String text) {
        JsonNode r = server.rpc(u.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":\""
                + zone.id() + "\",\"channel_id\":\"" + channel + "\",\"message_text\":\"" + text + "\"},\"id\":1}").json();
        assertThat(r.path("result").asText()).as(r.toString()).isEqualTo("Message sent");
    }

    @Test
    void onlyAuthenticateIsAcceptedBeforeAuthentication() {
        try (WsClient ws = new WsClient(server.wsUri("/api/json_rpc/ws"))) {
            JsonNode early = ws.call("ping", "[]");
            assertThat(early.get("error").get("code").asInt()).isEqualTo(-32001);
            assertThat(early.get("error").get("data").get("error").asText()).isEqualTo("not_authenticated");
            JsonNode bad = ws.call("authenticate", "{\"token\":\"wrong\"}");
            assertThat(bad.get("error").get("code").asInt()).isEqualTo(-32001);
            JsonNode ok = ws.call("authenticate", "{\"token\":\"" + alice.token() + "\"}");
            assertThat(ok.get("result").asText()).isEqualTo("Authentication successful");
            assertThat(ws.call("authenticate", "[\"" + alice.token() + "\"]").get("result").asText())
                    .isEqualTo("You are already authenticated.");
            assertThat(ws.call("ping", "[]").get("result").asText()).isEqualTo("The RPC endpoint has been successfully contacted.");
        }
    }

    @Test
    void binaryFramesAreRequestsTooAndBadUtf8IsAParseError() throws Exception {
        try (WsClient ws = connect(alice)) {
            byte[] ping = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[],\"id\":\"b1\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ws.socket().sendBinary(java.nio.ByteBuffer.wrap(ping), true).join();
            JsonNode pong = ws.await(r -> r.path("id").asText().equals("b1"), 5);
            assertThat(pong.get("result").asText()).isEqualTo("The RPC endpoint has been successfully contacted.");
            // A lone continuation byte inside a string: not UTF-8, so not JSON (a text frame would not pass Netty).
            byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'};
            ws.socket().sendBinary(java.nio.ByteBuffer.wrap(bad), true).join();
            JsonNode error = ws.await(r -> r.has("error"), 5);
            assertThat(error.get("error").get("code").asInt()).isEqualTo(-32700);
            assertThat(ws.call("ping", "[]").get("result").asText()).isEqualTo("The RPC endpoint has been successfully contacted.");
        }
    }

    @Test
    void aSubscriberReceivesWhatAnotherUserSendsOverHttp() {
        try (WsClient ws = connect(bob)) {
            assertThat(ws.call("subscribe_channel", "[\"" + zone.id() + "\",\"" + zone.generalChannel() + "\"]")
                    .get("result").asText()).isEqualTo("Subscribed");
            send(alice, zone.generalChannel(), "hello bob");
            JsonNode push = ws.awaitPush(5);
            assertThat(push.get("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(push.has("id")).isFalse();
            JsonNode m = push.get("result").get("messages").get(0);
            assertThat(m.get("message").asText()).isEqualTo("hello bob");
            assertThat(m.get("group_id").asText()).isEqualTo(zone.generalChannel());
            assertThat(m.get("zone_id").asText()).isEqualTo(zone.id());
            assertThat(m.get("sender").get("address").asText()).isEqualTo(alice.address());
            assertThat(m.get("sender").get("domain").asText()).isEqualTo("alice");
            assertThat(m.get("sender").get("nickname").asText()).isEqualTo("alice");
            assertThat(m.get("attributes").has("mentions")).isTrue();
            assertThat(m.get("attributes").has("reply")).isTrue();
            assertThat(m.get("attributes").has("t")).isTrue();
            assertThat(m.get("creation_time").asLong()).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
            assertThat(m.get("edited_at").isNull()).isTrue();
            assertThat(m.get("reply_to").isNull()).isTrue();
            assertThat(m.get("message_id").asText()).startsWith("0x");
            assertThat(m.get("offset").asLong()).isPositive();
        }
    }

    @Test
    void ordersArePreservedPerChannel() {
        try (WsClient ws = connect(carol)) {
            ws.call("subscribe_channel", "{\"zone_id\":\"" + zone.id() + "\",\"channel_id\":\"general\"}");
            try (WsClient sender = connect(alice)) {
                for (int i = 0; i < 50; i++) {
                    sender.send("{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + zone.id() + "\",\""
                            + zone.generalChannel() + "\",\"n" + i + "\"]}");
                }
                long lastOffset = 0;
                for (int i = 0; i < 50; i++) {
                    JsonNode m = ws.awaitPush(5).get("result").get("messages").get(0);
                    if (!m.get("message").asText().startsWith("n")) { i--; continue; }
                    assertThat(m.get("message").asText()).isEqualTo("n" + i);
                    assertThat(m.get("offset").asLong()).isGreaterThan(lastOffset);
                    lastOffset = m.get("offset").asLong();
                }
            }
        }
    }

    @Test
    void zoneWideSubscriptionsSeeGroupChannelsAndOnlyTheirOwnDirectChannels() {
        try (WsClient bobWs = connect(bob); WsClient carolWs = connect(carol)) {
            assertThat(bobWs.call("subscribe_all_channels_in_zone", "[\"" + zone.id() + "\"]").get("result").asText())
                    .isEqualTo("Subscribed");
            carolWs.call("subscribe_all_channels_in_zone", "{\"zone_id\":\"" + zone.id() + "\"}");
            JsonNode dm = server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":\""
                    + zone.id() + "\",\"user_name\":\"bob\",\"message_text\":\"psst bob\"},\"id\":1}").json();
            assertThat(dm.get("result").asText()).isEqualTo("Message sent");
            assertThat(bobWs.awaitPush(5).get("result").get("messages").get(0).get("message").asText()).isEqualTo("psst bob");
            send(alice, zone.generalChannel(), "to everyone");
            assertThat(carolWs.await(n -> n.path("result").path("messages").path(0).path("message").asText().equals("to everyone"), 5))
                    .isNotNull();
            assertThat(carolWs.drain(n -> n.toString().contains("psst bob"), 300)).isEmpty();
            // Subscribed twice (zone and channel): delivered once.
            bobWs.call("subscribe_channel", "[\"" + zone.id() + "\",\"" + zone.generalChannel() + "\"]");
            send(alice, zone.generalChannel(), "once only");
            List<JsonNode> got = bobWs.drain(n -> n.toString().contains("once only"), 500);
            assertThat(got).hasSize(1);
            assertThat(bobWs.call("unsubscribe_all_channels_in_zone", "[\"" + zone.id() + "\"]").get("result").asBoolean()).isTrue();
            assertThat(bobWs.call("unsubscribe_channel", "[\"" + zone.id() + "\",\"" + zone.generalChannel() + "\"]")
                    .get("result").asBoolean()).isTrue();
            send(alice, zone.generalChannel(), "after unsubscribe");
            assertThat(bobWs.drain(n -> n.toString().contains("after unsubscribe"), 300)).isEmpty();
        }
    }

    @Test
    void historyByTimeAndRepliesEmbedTheirParent() throws Exception {
        TestZone z = server.zone("history");
        server.join(alice.id(), z.id(), "Owner");
        server.join(bob.id(), z.id(), "Member");
        try (WsClient ws = connect(alice)) {
            for (String t : new String[]{"first", "second", "third"}) {
                assertThat(ws.call("send_message", "[\"" + z.id() + "\",\"" + z.generalChannel() + "\",\"" + t + "\"]")
                        .get("result").asText()).isEqualTo("Message sent");
            }
            JsonNode all = ws.call("get_messages", "{\"zone_id\":\"" + z.id() + "\",\"channel_id\":\"" + z.generalChannel() + "\"}");
            JsonNode msgs = all.get("result").get("messages");
            assertThat(msgs).hasSize(3);
            assertThat(msgs.get(0).get("message").asText()).isEqualTo("first");
            JsonNode desc = ws.call("get_messages", "{\"zone_id\":\"" + z.id() + "\",\"limit\":2,\"order\":\"DESC\"}");
            assertThat(desc.get("result").get("messages")).hasSize(2);
            assertThat(desc.get("result").get("messages").get(0).get("message").asText()).isEqualTo("third");
            long future = System.currentTimeMillis() / 1000 + 10;
            assertThat(ws.call("get_messages", "{\"zone_id\":\"" + z.id() + "\",\"timestamp\":" + future + "}")
                    .get("result").get("messages")).isEmpty();
            JsonNode badOrder = ws.call("get_messages", "{\"zone_id\":\"" + z.id() + "\",\"order\":\"SIDEWAYS\"}");
            assertThat(badOrder.get("error").get("code").asInt()).isEqualTo(-32602);

            String parentId = msgs.get(0).get("message_id").asText();
            ws.call("send_message", "{\"zone_id\":\"" + z.id() + "\",\"channel_id\":\"" + z.generalChannel()
                    + "\",\"message_text\":\"a reply\",\"reply_to\":\"" + parentId + "\",\"attributes\":{\"t\":\"0x01\"}}");
            JsonNode last = ws.call("get_messages", "{\"zone_id\":\"" + z.id() + "\",\"order\":\"DESC\",\"limit\":1}")
                    .get("result").get("messages").get(0);
            assertThat(last.get("message").asText()).isEqualTo("a reply");
            assertThat(last.get("reply_to").get("message").asText()).isEqualTo("first");
            assertThat(last.get("attributes").get("reply").asLong()).isEqualTo(msgs.get(0).get("creation_time").asLong());
            assertThat(last.get("attributes").get("t").asText()).isEqualTo("0x01");

            JsonNode meta = ws.call("get_members_meta", "[\"" + z.id() + "\"]").get("result").get("members");
            assertThat(meta).hasSize(1);
            assertThat(meta.get(0).get("name").asText()).isEqualTo("bob");
            assertThat(meta.get(0).has("last_chat_timestamp")).isTrue();
        }
    }

    @Test
    void subscribingWithSinceReplaysWhatWasMissed() {
        TestZone z = server.zone("recovery");
        server.join(alice.id(), z.id(), "Owner");
        server.join(bob.id(), z.id(), "Member");
        long offset;
        String epoch;
        try (WsClient ws = connect(bob)) {
            ws.call("subscribe_channel", "[\"" + z.id() + "\",\"" + z.generalChannel() + "\"]");
            sendTo(z, "seen");
            JsonNode m = ws.awaitPush(5).get("result").get("messages").get(0);
            offset = m.get("offset").asLong();
            JsonNode pos = ws.call("subscribe_channel", "{\"zone_id\":\"" + z.id() + "\",\"channel_id\":\"" + z.generalChannel()
                    + "\",\"since\":{\"offset\":" + offset + ",\"epoch\":\"wrong\"}}").get("result");
            assertThat(pos.get("recovered").asBoolean()).isFalse();
            epoch = pos.get("epoch").asText();
        }
        for (int i = 1; i <= 3; i++) sendTo(z, "missed " + i);
        try (WsClient ws = connect(bob)) {
            JsonNode r = ws.call("subscribe_channel", "{\"zone_id\":\"" + z.id() + "\",\"channel_id\":\"" + z.generalChannel()
                    + "\",\"since\":{\"offset\":" + offset + ",\"epoch\":\"" + epoch + "\"}}").get("result");
            assertThat(r.get("recovered").asBoolean()).isTrue();
            assertThat(r.get("offset").asLong()).isEqualTo(offset + 3);
            assertThat(r.get("epoch").asText()).isEqualTo(epoch);
            JsonNode replay = ws.awaitPush(5).get("result").get("messages");
            assertThat(replay).hasSize(3);
            assertThat(replay.get(0).get("message").asText()).isEqualTo("missed 1");
            assertThat(replay.get(2).get("message").asText()).isEqualTo("missed 3");
            sendTo(z, "live again");
            assertThat(ws.awaitPush(5).get("result").get("messages").get(0).get("message").asText()).isEqualTo("live again");
        }
    }

    private static void sendTo(TestZone z, String text) {
        JsonNode r = server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + z.id()
                + "\",\"" + z.generalChannel() + "\",\"" + text + "\"],\"id\":1}").json();
        assertThat(r.get("result").asText()).isEqualTo("Message sent");
    }

    @Test
    void anIdempotencyKeyMakesRetriesSafe() {
        TestZone z = server.zone("idem");
        server.join(alice.id(), z.id(), "Owner");
        String body = "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":\"" + z.id()
                + "\",\"channel_id\":\"general\",\"message_text\":\"once\",\"idempotency_key\":\"k-1\"},\"id\":1}";
        for (int i = 0; i < 3; i++) assertThat(server.rpc(alice.token(), body).json().get("result").asText()).isEqualTo("Message sent");
        try (WsClient ws = connect(alice)) {
            JsonNode msgs = ws.call("get_messages", "[\"" + z.id() + "\",\"general\"]").get("result").get("messages");
            assertThat(msgs).hasSize(1);
        }
    }

    @Test
    void regeneratingATokenClosesTheSessionsItOpened() throws Exception {
        TestUser dora = server.user("dora", zone.id(), "Member");
        WsClient ws = connect(dora);
        server.admin("POST", "/admin/users/" + dora.id() + "/remote-api", "{\"action\":\"generate-token\"}");
        int[] status = ws.closed.get(5, TimeUnit.SECONDS);
        assertThat(status[0]).isEqualTo(1008);
        assertThat(ws.closeReason).isEqualTo("token revoked");
        assertThat(server.rpc(dora.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}").status()).isEqualTo(401);
    }

    @Test
    void malformedFramesGetJsonRpcErrorsAndTheSocketStaysUsable() throws Exception {
        try (WsClient ws = connect(alice)) {
            ws.send("{not json");
            JsonNode e = ws.await(n -> n.has("error"), 5);
            assertThat(e.get("error").get("code").asInt()).isEqualTo(-32700);
            assertThat(e.get("id").isNull()).isTrue();
            ws.send("[]");
            assertThat(ws.await(n -> n.has("error"), 5).get("error").get("code").asInt()).isEqualTo(-32600);
            ws.send("[{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1},{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":2}]");
            String batch = ws.nextRaw(5);
            assertThat(TestServer.JSON.readTree(batch)).hasSize(2);
            JsonNode unknownZone = ws.call("subscribe_channel", "[\"nope\",\"x\"]");
            assertThat(unknownZone.get("error").get("data").get("error").asText()).isEqualTo("zone_not_found");
            assertThat(ws.call("ping", "{}").get("result").asText()).startsWith("The RPC endpoint");
        }
    }

    /**
     * Sends to a channel id are queued on the event loop and the rest runs on virtual threads; whatever finishes
     * first, a socket's answers come back in the order of its requests, each with its own id, and a send refused
     * on the loop is an error answer like any other.
     */
    @Test
    void answersComeInRequestOrderWhetherTheCallRunsOnTheLoopOrNot() throws Exception {
        try (WsClient early = new WsClient(server.wsUri("/api/json_rpc/ws"))) {
            early.send(sendFrame(zone.generalChannel(), "too early", 7));
            JsonNode refused = TestServer.JSON.readTree(early.nextRaw(5));
            assertThat(refused.get("id").asInt()).isEqualTo(7);
            assertThat(refused.get("error").get("data").get("error").asText()).isEqualTo("not_authenticated");
        }
        String rpc = "{\"jsonrpc\":\"2.0\",\"method\":";
        try (WsClient ws = connect(alice)) {
            List<Integer> ids = new java.util.ArrayList<>();
            java.util.Map<Integer, String> expected = new java.util.HashMap<>();
            int id = 100;
            StringBuilder frames = new StringBuilder();
            for (int round = 0; round < 15; round++) {
                // on the loop, answered once durable
                ws.send(sendFrame(zone.generalChannel(), "fast " + round, ++id));
                expected.put(id, "result:Message sent");
                ids.add(id);
                // a virtual thread, answered at once
                ws.send(rpc + "\"ping\",\"id\":" + ++id + "}");
                expected.put(id, "result:The RPC endpoint has been successfully contacted.");
                ids.add(id);
                // a send that needs the blocking path (a direct channel by user name)
                ws.send(rpc + "\"send_message\",\"params\":{\"zone_id\":\"" + zone.id()
                        + "\",\"user_name\":\"bob\",\"message_text\":\"slow " + round + "\"},\"id\":" + ++id + "}");
                expected.put(id, "result:Message sent");
                ids.add(id);
                // refused on the loop
                ws.send(sendFrame(zone.generalChannel(), "", ++id));
                expected.put(id, "error:empty_message");
                ids.add(id);
                // a notification on the loop: no answer
                ws.send(rpc + "\"send_message\",\"params\":[\"" + zone.id() + "\",\"" + zone.generalChannel()
                        + "\",\"quiet " + round + "\"]}");
                // history, on a virtual thread
                ws.send(rpc + "\"get_messages\",\"params\":{\"zone_id\":\"" + zone.id() + "\",\"channel_id\":\""
                        + zone.generalChannel() + "\",\"limit\":1},\"id\":" + ++id + "}");
                expected.put(id, "history");
                ids.add(id);
            }
            for (int want : ids) {
                String raw = ws.nextRaw(10);
                assertThat(raw).as("answer to request " + want).isNotNull();
                JsonNode n = TestServer.JSON.readTree(raw);
                assertThat(n.get("id").asInt()).as(raw).isEqualTo(want);
                String kind = expected.get(want);
                if (kind.startsWith("result:")) {
                    assertThat(n.get("result").asText()).as(raw).isEqualTo(kind.substring(7));
                } else if (kind.startsWith("error:")) {
                    assertThat(n.get("error").get("code").asInt()).as(raw).isEqualTo(-32602);
                    assertThat(n.get("error").get("data").get("error").asText()).as(raw).isEqualTo(kind.substring(6));
                } else {
                    assertThat(n.has("result")).as(raw).isTrue();
                }
            }
            assertThat(ws.nextRaw(0)).isNull();
        }
    }

    private static String sendFrame(String channel, String text, int id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":\"" + zone.id()
                + "\",\"channel_id\":\"" + channel + "\",\"message_text\":\"" + text + "\"},\"id\":" + id + "}";
    }

    @Test
    void oversizedFramesCloseTheSocketWithMessageTooBig() throws Exception {
        WsClient ws = connect(alice);
        ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"" + "x".repeat(70_000) + "\"],\"id\":1}");
        int[] status = ws.closed.get(5, TimeUnit.SECONDS);
        assertThat(status[0]).isEqualTo(1009);
        assertThat(ws.closeReason).isEqualTo("message too big");
    }
}
