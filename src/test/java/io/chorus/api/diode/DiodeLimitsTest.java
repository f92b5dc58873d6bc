package io.chorus.api.diode;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.server.ServerConfig;
import io.chorus.support.TestServer;
import io.chorus.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-connection limits, and what leaving a zone does to live subscriptions. */
class DiodeLimitsTest {
    static TestServer server;
    static TestServer.TestZone zone;
    static TestServer.TestUser alice;
    static TestServer.TestUser bob;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> new ServerConfig(c.host(), c.port(), c.dataDir(), null, 2, true, c.maxFrameBytes(),
                c.maxBodyBytes(), c.maxMessageBytes(), c.outboundQueue(), 25, 5, 2, 2, c.adminToken(), false, c.cluster(), c.socketIo(), c.deviceHive(), c.chat21(), true));
        zone = server.zone("limits");
        alice = server.user("alice", zone.id(), "Owner");
        bob = server.user("bob", zone.id(), "Member");
    }

    @AfterAll
    static void stop() { server.close(); }

    static WsClient connect(TestServer.TestUser u) {
        WsClient ws = new WsClient(server.wsUri("/api/json_rpc/ws"));
        ws.call("authenticate", "[\"" + u.token() + "\"]");
        return ws;
    }

    @Test
    void requestsOverTheRateAreRefusedWithRateLimited() {
        try (WsClient ws = connect(alice)) {
            for (int i = 0; i < 40; i++) ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":" + i + "}");
            List<JsonNode> limited = ws.drain(n -> n.path("error").path("data").path("error").asText().equals("rate_limited"), 1500);
            assertThat(limited).isNotEmpty();
            assertThat(limited.get(0).get("error").get("code").asInt()).isEqualTo(-32000);
        }
    }

    @Test
    void subscriptionsPerConnectionAreCapped() throws Exception {
        server.admin("POST", "/admin/zones/" + zone.id() + "/channels", "{\"name\":\"two\"}");
        server.admin("POST", "/admin/zones/" + zone.id() + "/channels", "{\"name\":\"three\"}");
        try (WsClient ws = connect(bob)) {
            assertThat(ws.call("subscribe_channel", "[\"" + zone.id() + "\",\"general\"]").get("result").asText()).isEqualTo("Subscribed");
            Thread.sleep(400); // stay under the rate limit of this server
            assertThat(ws.call("subscribe_channel", "[\"" + zone.id() + "\",\"two\"]").get("result").asText()).isEqualTo("Subscribed");
            Thread.sleep(400);
            JsonNode third = ws.call("subscribe_channel", "[\"" + zone.id() + "\",\"three\"]");
            assertThat(third.get("error").get("data").get("error").asText()).isEqualTo("too_many_subscriptions");
            Thread.sleep(400);
            assertThat(ws.call("subscribe_channel", "[\"" + zone.id() + "\",\"general\"]").get("result").asText()).isEqualTo("Subscribed");
        }
    }

    @Test
    void connectionsPerUserAreCapped() throws Exception {
        TestServer.TestUser carol = server.user("carol", zone.id(), "Member");
        try (WsClient one = connect(carol); WsClient two = connect(carol)) {
            WsClient three = new WsClient(server.wsUri("/api/json_rpc/ws"));
            JsonNode r = three.call("authenticate", "[\"" + carol.token() + "\"]");
            assertThat(r.get("error").get("data").get("details").asText()).contains("too many connections");
            assertThat(three.closed.get(5, TimeUnit.SECONDS)[0]).isEqualTo(1008);
            assertThat(one.call("ping", "[]").has("result")).isTrue();
        }
    }

    @Test
    void removingAMemberEndsTheirSubscriptionsInTheZone() throws Exception {
        TestServer.TestUser dan = server.user("dan", zone.id(), "Member");
        try (WsClient ws = connect(dan)) {
            ws.call("subscribe_all_channels_in_zone", "[\"" + zone.id() + "\"]");
            JsonNode removed = server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"remove_zone_member\",\"params\":[\""
                    + zone.id() + "\",\"" + dan.address() + "\"],\"id\":1}").json();
            assertThat(removed.get("result").asText()).isEqualTo("Member removed");
            Thread.sleep(200);
            server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + zone.id()
                    + "\",\"general\",\"after removal\"],\"id\":2}");
            assertThat(ws.drain(n -> n.toString().contains("after removal"), 500)).isEmpty();
            Thread.sleep(400);
            JsonNode again = ws.call("subscribe_channel", "[\"" + zone.id() + "\",\"general\"]");
            assertThat(again.get("error").get("data").get("error").asText()).isEqualTo("zone_not_found");
        }
    }
}
