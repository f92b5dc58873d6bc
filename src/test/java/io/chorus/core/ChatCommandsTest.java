package io.chorus.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.TestUser;
import io.chorus.support.TestServer.TestZone;
import io.chorus.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Chat commands: answered to the sender only (RPC result and their own live connections), never stored or shown. */
class ChatCommandsTest {
    static TestServer server;
    static TestZone zone;
    static TestUser alice;
    static TestUser bob;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        zone = server.zone("cmd");
        alice = server.user("alice", zone.id(), "Owner");
        bob = server.user("bob", zone.id(), "Member");
    }

    @AfterAll
    static void stop() { server.close(); }

    static String command(TestUser u, String text) {
        JsonNode r = server.rpc(u.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + zone.id()
                + "\",\"" + zone.generalChannel() + "\",\"" + text + "\"],\"id\":1}").json();
        assertThat(r.has("result")).as(r.toString()).isTrue();
        return r.get("result").asText();
    }

    static WsClient subscriber(TestUser u) {
        WsClient ws = new WsClient(server.wsUri("/api/json_rpc/ws"));
        ws.call("authenticate", "[\"" + u.token() + "\"]");
        ws.call("subscribe_channel", "[\"" + zone.id() + "\",\"" + zone.generalChannel() + "\"]");
        return ws;
    }

    @Test
    void infoRepliesOnlyToTheSender() {
        try (WsClient aliceWs = subscriber(alice); WsClient bobWs = subscriber(bob)) {
            String reply = command(alice, "/info");
            assertThat(reply).contains("device_address: " + alice.address(), "zone_id: " + zone.id(),
                    "channel_id: " + zone.generalChannel(), "zone_domain: cmd", "ddrive_version: chorus");
            JsonNode push = aliceWs.awaitPush(5).get("result").get("messages").get(0);
            assertThat(push.get("message").asText()).isEqualTo(reply);
            assertThat(push.get("sender").get("domain").asText()).isEqualTo("chorus");
            assertThat(push.get("ephemeral").asBoolean()).isTrue();
            assertThat(bobWs.drain(n -> n.toString().contains("device_address"), 400)).isEmpty();
            JsonNode history = bobWs.call("get_messages", "[\"" + zone.id() + "\",\"" + zone.generalChannel() + "\"]");
            assertThat(history.toString()).doesNotContain("/info").doesNotContain("device_address");
        }
    }

    @Test
    void sysconfigControlsTheRemoteApi() {
        TestUser carol = server.user("carol", zone.id(), "Member");
        assertThat(command(carol, "/sysconfig remote-api status")).isEqualTo("Remote API is enabled; a token has been generated.");
        assertThat(command(carol, "/sysconfig remote-api version")).startsWith("Remote API version 3.4");
        assertThat(command(carol, "/sysconfig remote-api view-token")).endsWith(carol.token());
        assertThat(command(carol, "/sysconfig remote-api template")).contains("curl -X POST", "<bearer_token>",
                "<zone_id>", "<channel_id>", "/api/json_rpc");
        assertThat(command(carol, "/sysconfig remote-api example")).contains(zone.id(), zone.generalChannel(),
                "\\\"method\\\":\\\"send_message\\\"".replace("\\", "")).doesNotContain(carol.token());
        assertThat(command(carol, "/help")).contains("/info", "/sysconfig remote-api");
        assertThat(command(carol, "/dance")).contains("Unknown command /dance", "/help");
        assertThat(command(carol, "/sysconfig remote-api generate-token")).contains("replaces the previous one");
        assertThat(server.rpc(carol.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}").status()).isEqualTo(401);
    }

    @Test
    void disablingThroughAChatCommandLocksTheTokenOut() {
        TestUser dan = server.user("dan", zone.id(), "Member");
        assertThat(command(dan, "/sysconfig remote-api disable")).startsWith("Remote API disabled.");
        assertThat(server.rpc(dan.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}").status()).isEqualTo(401);
    }
}
