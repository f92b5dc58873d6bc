package io.chorus.api.socketchat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.socketchat.ChatRestTest.Account;
import io.chorus.api.socketchat.ChatSocketSupport.ChatSocket;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.TestUser;
import io.chorus.support.WsClient;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Chat users and Diode users meet in the same core channels, and everything survives a restart. */
class ChatCrossApiTest {
    TestServer server;

    @BeforeEach
    void start() { server = TestServer.start(); }

    @AfterEach
    void stop() { server.close(); }

    private WsClient diode(TestUser u) {
        WsClient ws = new WsClient(server.wsUri("/api/json_rpc/ws"));
        assertThat(ws.call("authenticate", "[\"" + u.token() + "\"]").get("result").asText()).isEqualTo("Authentication successful");
        return ws;
    }

    private String general() {
        for (JsonNode c : server.admin("GET", "/admin/zones/default", null).json().get("channels")) {
            if (c.get("name").asText().equals("general")) return c.get("id").asText();
        }
        throw new AssertionError("no general channel in the default zone");
    }

    @Test
    void aDirectChatBetweenAChatUserAndADiodeBotWorksBothWays() throws Exception {
        TestUser bot = server.user("diodebot", "default", "Member");
        Account alice = ChatRestTest.register(server, "Alice");
        String dm = ChatRestTest.dm(server, alice, new Account(bot.id(), null));
        try (ChatSocket chat = ChatSocketSupport.connect(server, alice.token(), alice.id(), List.of(dm));
             WsClient ws = diode(bot)) {
            assertThat(ws.call("subscribe_channel", "[\"default\",\"" + dm + "\"]").get("result").asText()).isEqualTo("Subscribed");

            JsonNode sent = server.rpc(bot.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":"
                    + "\"default\",\"channel_id\":\"" + dm + "\",\"message\":\"beep from diode\"},\"id\":1}").json();
            assertThat(sent.has("error")).as(sent.toString()).isFalse();
            JSONObject got = chat.next();
            assertThat(got.getString("content")).isEqualTo("beep from diode");
            assertThat(got.getString("channel_id")).isEqualTo(dm);
            assertThat(got.getJSONObject("author").getString("id")).isEqualTo(bot.id());
            assertThat(got.getJSONObject("author").getString("username")).isEqualTo("diodebot");
            ws.awaitPush(5); // the bot's own message

            JSONObject reply = chat.emit("message", new JSONObject().put("content", "hello bot").put("channel", dm));
            JsonNode push = ws.awaitPush(5).get("result").get("messages").get(0);
            assertThat(push.get("message").asText()).isEqualTo("hello bot");
            assertThat(push.get("group_id").asText()).isEqualTo(dm);
            assertThat(push.get("sender").get("nickname").asText()).isEqualTo("Alice");
            assertThat(reply.getString("id")).isNotEmpty();
        }
    }

    @Test
    void zoneChannelsCarryMessagesFromEveryApi() throws Exception {
        TestUser diodeUser = server.user("dora", "default", "Member");
        Account bob = ChatRestTest.register(server, "Bob");
        String general = general();
        try (ChatSocket chat = ChatSocketSupport.connect(server, bob.token(), bob.id(), List.of(general))) {
            server.rpc(diodeUser.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"default\",\"general\","
                    + "\"morning all\"],\"id\":1}");
            assertThat(chat.next().getString("content")).isEqualTo("morning all");
            chat.emit("message", new JSONObject().put("content", "morning dora").put("channel", general));
            assertThat(chat.next().getString("content")).isEqualTo("morning dora");
        }
        JsonNode history = ChatRestTest.get(server, "/messages?channel_id=" + general, bob.token()).json();
        assertThat(history.get("messages").findValuesAsText("content")).containsExactly("morning all", "morning dora");
        assertThat(history.get("channel").get("name").asText()).isEqualTo("general");
        assertThat(history.get("other_user").isNull()).isTrue();
    }

    /**
     * Messages to a channel by id are queued on the event loop: a burst from one socket is stored in the order it was
     * emitted, each acknowledged with the stored message, and a refusal on the loop is acknowledged as {error}, like
     * the ones that still take the blocking path (an unknown channel, a command).
     */
    @Test
    void aBurstOfMessagesIsStoredInOrderAndEveryEmitIsAcknowledged() throws Exception {
        Account a = ChatRestTest.register(server, "Burst");
        Account b = ChatRestTest.register(server, "Peer");
        Account c = ChatRestTest.register(server, "Other");
        String dm = ChatRestTest.dm(server, a, b);
        String notMine = ChatRestTest.dm(server, b, c);
        try (ChatSocket s = ChatSocketSupport.connect(server, a.token(), a.id(), List.of(dm))) {
            int n = 40;
            java.util.Map<Integer, java.util.concurrent.CompletableFuture<Object>> acks = new java.util.HashMap<>();
            java.util.Map<Integer, String> expected = new java.util.HashMap<>();
            for (int i = 0; i < n; i++) {
                String content = "m" + i;
                String channel = dm;
                String want = "id";
                switch (i % 10) {
                    case 3 -> { content = ""; want = "error:empty_message"; }
                    case 5 -> { channel = notMine; want = "error"; }
                    case 7 -> { channel = "no-such-channel"; want = "error:channel_not_found"; }
                    default -> { }
                }
                var ack = new java.util.concurrent.CompletableFuture<Object>();
                s.socket().emit("message", new Object[] {new JSONObject().put("content", content).put("channel", channel)},
                        (io.socket.client.Ack) args -> ack.complete(args.length > 0 ? args[0] : "none"));
                acks.put(i, ack);
                expected.put(i, want);
            }
            List<String> stored = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                JSONObject r = (JSONObject) acks.get(i).get(10, java.util.concurrent.TimeUnit.SECONDS);
                String want = expected.get(i);
                if (want.equals("id")) {
                    assertThat(r.has("error")).as(i + ": " + r).isFalse();
                    assertThat(r.getString("content")).isEqualTo("m" + i);
                    assertThat(r.getString("id")).isNotEmpty();
                    stored.add("m" + i);
                } else {
                    assertThat(r.has("error")).as(i + ": " + r).isTrue();
                    if (want.startsWith("error:")) assertThat(r.getString("error")).isEqualTo(want.substring(6));
                }
            }
            JsonNode history = ChatRestTest.get(server, "/messages?channel_id=" + dm, a.token()).json();
            assertThat(history.get("messages").findValuesAsText("content")).containsExactlyElementsOf(stored);
        }
    }

    @Test
    void accountsTokensChannelsAndHistorySurviveARestart() throws Exception {
        Account a = ChatRestTest.register(server, "Ruth");
        Account b = ChatRestTest.register(server, "Rex");
        String dm = ChatRestTest.dm(server, a, b);
        JSONObject sent = ChatSocketSupport.send(server, a, dm, "before the restart");
        server.restart();

        assertThat(ChatRestTest.post(server, "/new", "{\"username\":\"Ruth\",\"accountID\":\"" + a.id() + "\"}", null).json()
                .get("dms").toString()).isEqualTo("[\"" + dm + "\"]");
        JsonNode history = ChatRestTest.get(server, "/messages?channel_id=" + dm, b.token()).json();
        assertThat(history.get("messages").get(0).get("id").asText()).isEqualTo(sent.getString("id"));
        assertThat(history.get("messages").get(0).get("content").asText()).isEqualTo("before the restart");
        try (ChatSocket s = ChatSocketSupport.connect(server, b.token(), b.id(), List.of(dm))) {
            ChatSocketSupport.send(server, a, dm, "after the restart");
            assertThat(s.next().getString("content")).isEqualTo("after the restart");
        }
    }
}
