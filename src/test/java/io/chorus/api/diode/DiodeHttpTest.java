package io.chorus.api.diode;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.Response;
import io.chorus.support.TestServer.TestUser;
import io.chorus.support.TestServer.TestZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The remote API over HTTP: JSON-RPC 2.0 to the letter, Diode's strings, and every error path. */
class DiodeHttpTest {
    static TestServer server;
    static TestZone zone;
    static TestUser alice;
    static TestUser bob;
    static TestUser reader;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        zone = server.zone("acme");
        alice = server.user("alice", zone.id(), "Owner");
        bob = server.user("bob", zone.id(), "Member");
        reader = server.user("reader", zone.id(), "Reader");
    }

    @AfterAll
    static void stop() { server.close(); }

    private static JsonNode call(String body) {
        Response r = server.rpc(alice.token(), body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void pingAnswersTheDocumentedString() {
        assertThat(server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}").body())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"The RPC endpoint has been successfully contacted.\",\"id\":1}");
    }

    @Test
    void sendMessageByPositionAndByName() {
        JsonNode positional = call("{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + zone.id() + "\",\""
                + zone.generalChannel() + "\",\"hello by position\"],\"id\":1}");
        assertThat(positional.get("result").asText()).isEqualTo("Message sent");
        JsonNode named = call("{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":\"" + zone.id()
                + "\",\"channel_id\":\"" + zone.generalChannel() + "\",\"message_text\":\"hello by name\"},\"id\":\"abc\"}");
        assertThat(named.get("result").asText()).isEqualTo("Message sent");
        assertThat(named.get("id").asText()).isEqualTo("abc");
    }

    /**
     * Sends to a channel id are answered from the event loop once durable (no virtual thread); replies still go the
     * blocking way. Both are stored, an idempotency key still stores once, and a notification gets no body.
     */
    @Test
    void sendsAnsweredWithoutAVirtualThreadAreDurableAndKeepTheirSemantics() {
        String channel = zone.generalChannel();
        Response notification = server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\""
                + zone.id() + "\",\"" + channel + "\",\"sent as a notification\"]}");
        assertThat(notification.status()).isEqualTo(204);
        assertThat(notification.body()).isEmpty();
        assertThat(latestText(channel)).isEqualTo("sent as a notification");

        for (int i = 0; i < 2; i++) {
            JsonNode r = call("{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":\"" + zone.id()
                    + "\",\"channel_id\":\"" + channel + "\",\"message_text\":\"once only\",\"idempotency_key\":\"k-1\"},\"id\":7}");
            assertThat(r.toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"Message sent\",\"id\":7}");
        }
        var latest = server.server().core().store().latestMessages(channel, 2);
        assertThat(latest.get(1).text()).isEqualTo("once only");
        assertThat(latest.get(0).text()).isNotEqualTo("once only");

        String parent = latest.get(1).id();
        JsonNode reply = call("{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":\"" + zone.id()
                + "\",\"channel_id\":\"" + channel + "\",\"message_text\":\"a reply\",\"reply_to\":\"" + parent + "\"},\"id\":8}");
        assertThat(reply.get("result").asText()).isEqualTo("Message sent");
        assertThat(server.server().core().store().latestMessages(channel, 1).get(0).replyTo()).isEqualTo(parent);
    }

    private static String latestText(String channel) {
        return server.server().core().store().latestMessages(channel, 1).get(0).text();
    }

    @Test
    void sendMessageToAUserNameOpensTheDirectChannel() {
        JsonNode r = call("{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":\"" + zone.id()
                + "\",\"user_name\":\"bob\",\"message_text\":\"hi bob\"},\"id\":2}");
        assertThat(r.get("result").asText()).isEqualTo("Message sent");
        JsonNode byAddress = call("{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + zone.id() + "\",\""
                + bob.address() + "\",\"hi again\"],\"id\":3}");
        assertThat(byAddress.get("result").asText()).isEqualTo("Message sent");
        JsonNode zoneDetail = server.admin("GET", "/admin/zones/" + zone.id(), null).json();
        long directs = 0;
        for (JsonNode c : zoneDetail.get("channels")) if (c.get("kind").asText().equals("direct")) directs++;
        assertThat(directs).isEqualTo(1);
    }

    @Test
    void authFailuresAre401WithDiodesBody() {
        Response missing = server.rpc(null, "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("error").asText()).isEqualTo("Unauthorized");
        assertThat(missing.json().get("reason").asText()).contains("missing");
        Response bad = server.rpc("not-a-token", "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.json().get("reason").asText()).isEqualTo("invalid token");

        TestUser carol = server.user("carol", zone.id(), "Member");
        server.admin("POST", "/admin/users/" + carol.id() + "/remote-api", "{\"action\":\"disable\"}");
        Response disabled = server.rpc(carol.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}");
        assertThat(disabled.status()).isEqualTo(401);
        assertThat(disabled.json().get("reason").asText()).contains("disabled");
    }

    @Test
    void jsonRpcEnvelopeErrors() {
        assertError(call("{\"jsonrpc\":\"2.0\",\"method\":\"foobar,\"params\":\"bar\",\"baz]"), -32700, null);
        assertError(call("{\"jsonrpc\":\"2.0\",\"method\":1,\"params\":\"bar\"}"), -32600, null);
        assertError(call("[]"), -32600, null);
        assertError(call("{\"jsonrpc\":\"2.0\",\"id\":1}"), -32600, 1);
        assertError(call("{\"jsonrpc\":\"1.0\",\"method\":\"ping\",\"id\":7}"), -32600, 7);
        assertError(call("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":[]}"), -32600, null);
        assertError(call("{\"jsonrpc\":\"2.0\",\"method\":\"foobar\",\"id\":\"1\"}"), -32601, 1);
        JsonNode e = call("{\"jsonrpc\":\"2.0\",\"method\":\"foobar\",\"id\":\"1\"}");
        assertThat(e.get("id").asText()).isEqualTo("1");
        assertThat(e.get("error").get("data").get("api_version").asText()).isEqualTo("3.4");
        assertThat(e.get("error").get("data").get("error").asText()).isEqualTo("method_not_found");
    }

    @Test
    void batchesFollowTheSpec() {
        JsonNode one = call("[1]");
        assertThat(one.isArray()).isTrue();
        assertThat(one).hasSize(1);
        assertError(one.get(0), -32600, null);
        JsonNode three = call("[1,2,3]");
        assertThat(three).hasSize(3);

        JsonNode mixed = call("[{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":\"1\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"ping\"},"
                + "{\"foo\":\"boo\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"foo.get\",\"params\":{\"name\":\"myself\"},\"id\":\"5\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"version\",\"id\":\"9\"}]");
        assertThat(mixed).hasSize(4);
        assertThat(mixed.get(0).get("result").asText()).startsWith("The RPC endpoint");
        assertError(mixed.get(1), -32600, null);
        assertError(mixed.get(2), -32601, 5);
        assertThat(mixed.get(3).get("result").get("api_version").asText()).isEqualTo("3.4");

        Response allNotifications = server.rpc(alice.token(),
                "[{\"jsonrpc\":\"2.0\",\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}]");
        assertThat(allNotifications.status()).isEqualTo(204);
        assertThat(allNotifications.body()).isEmpty();
        Response notification = server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}");
        assertThat(notification.status()).isEqualTo(204);
    }

    @Test
    void idsAreEchoedExactly() {
        assertThat(server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":123456789012345678901}").body())
                .endsWith("\"id\":123456789012345678901}");
        assertThat(server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1.5}").body()).endsWith("\"id\":1.5}");
        assertThat(server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":null}").body()).endsWith("\"id\":null}");
    }

    @Test
    void webSocketOnlyMethodsOverHttpAreMethodNotFound() {
        for (String m : new String[]{"authenticate", "subscribe_channel", "subscribe_all_channels_in_zone", "get_messages",
                "get_members_meta"}) {
            JsonNode r = call("{\"jsonrpc\":\"2.0\",\"method\":\"" + m + "\",\"params\":[\"x\"],\"id\":1}");
            assertError(r, -32601, 1);
            assertThat(r.get("error").get("data").get("error").asText()).isEqualTo("method_not_available");
        }
    }

    @Test
    void invalidParams() {
        JsonNode missing = call("{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":\"" + zone.id() + "\"},\"id\":1}");
        assertError(missing, -32602, 1);
        assertThat(missing.get("error").get("data").get("error").asText()).isEqualTo("param_key_not_found");
        JsonNode unknownZone = call("{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"nope\",\"x\",\"hi\"],\"id\":2}");
        assertError(unknownZone, -32602, 2);
        assertThat(unknownZone.get("error").get("data").get("error").asText()).isEqualTo("zone_not_found");
        JsonNode unknownChannel = call("{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + zone.id()
                + "\",\"no-such-channel\",\"hi\"],\"id\":3}");
        assertThat(unknownChannel.get("error").get("data").get("error").asText()).isEqualTo("channel_not_found");
        JsonNode wrongType = call("{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":5,"
                + "\"channel_id\":\"x\",\"message_text\":\"hi\"},\"id\":4}");
        assertThat(wrongType.get("error").get("data").get("error").asText()).isEqualTo("invalid_param_type");
        JsonNode tooLong = call("{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + zone.id() + "\",\""
                + zone.generalChannel() + "\",\"" + "x".repeat(70_000) + "\"],\"id\":5}");
        assertThat(tooLong.get("error").get("data").get("error").asText()).isEqualTo("message_too_long");
    }

    @Test
    void readersCannotPostInGroupChannels() {
        JsonNode r = server.rpc(reader.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\""
                + zone.id() + "\",\"" + zone.generalChannel() + "\",\"hi\"],\"id\":1}").json();
        assertError(r, -32603, 1);
        assertThat(r.get("error").get("data").get("error").asText()).isEqualTo("forbidden");
    }

    @Test
    void membersAreManagedByOwnersAndAdmins() {
        TestUser dave = server.user("dave", null, null);
        JsonNode forbidden = server.rpc(bob.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"add_zone_member\",\"params\":{\"zone_id\":\""
                + zone.id() + "\",\"peer_id\":\"" + dave.address() + "\"},\"id\":1}").json();
        assertThat(forbidden.get("error").get("data").get("error").asText()).isEqualTo("forbidden");

        JsonNode added = call("{\"jsonrpc\":\"2.0\",\"method\":\"add_zone_member\",\"params\":{\"zone_id\":\"" + zone.id()
                + "\",\"peer_id\":\"" + dave.address() + "\",\"role\":\"reader\"},\"id\":2}");
        assertThat(added.get("result").asText()).isEqualTo("Member added");
        JsonNode owner = call("{\"jsonrpc\":\"2.0\",\"method\":\"add_zone_member\",\"params\":{\"zone_id\":\"" + zone.id()
                + "\",\"peer_id\":\"" + dave.address() + "\",\"role\":\"Owner\"},\"id\":3}");
        assertThat(owner.get("error").get("data").get("error").asText()).isEqualTo("invalid_role");
        JsonNode badPeer = call("{\"jsonrpc\":\"2.0\",\"method\":\"add_zone_member\",\"params\":{\"zone_id\":\"" + zone.id()
                + "\",\"peer_id\":\"0x0000000000000000000000000000000000000001\"},\"id\":4}");
        assertThat(badPeer.get("error").get("data").get("error").asText()).isEqualTo("invalid_peer_id");

        JsonNode list = call("{\"jsonrpc\":\"2.0\",\"method\":\"list_zone_members\",\"params\":[\"" + zone.id() + "\"],\"id\":5}");
        boolean found = false;
        for (JsonNode m : list.get("result").get("members")) {
            if (m.get("member_id").asText().equals(dave.address())) {
                found = true;
                assertThat(m.get("role").asText()).isEqualTo("Reader");
                assertThat(m.get("device_ids").get(0).asText()).isEqualTo(dave.address());
            }
        }
        assertThat(found).isTrue();

        JsonNode removed = call("{\"jsonrpc\":\"2.0\",\"method\":\"remove_zone_member\",\"params\":[\"" + zone.id() + "\",\""
                + dave.address() + "\"],\"id\":6}");
        assertThat(removed.get("result").asText()).isEqualTo("Member removed");
        JsonNode again = call("{\"jsonrpc\":\"2.0\",\"method\":\"remove_zone_member\",\"params\":[\"" + zone.id() + "\",\""
                + dave.address() + "\"],\"id\":7}");
        assertThat(again.get("error").get("data").get("error").asText()).isEqualTo("remove_member_failed");
        JsonNode cannotRemoveOwner = server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"remove_zone_member\",\"params\":[\""
                + zone.id() + "\",\"" + alice.address() + "\"],\"id\":8}").json();
        assertThat(cannotRemoveOwner.get("error").get("data").get("error").asText()).isEqualTo("forbidden");
        JsonNode notListed = server.rpc(bob.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"list_zone_members\",\"params\":[\""
                + zone.id() + "\"],\"id\":9}").json();
        assertThat(notListed.get("error").get("code").asInt()).isEqualTo(-32603);
    }

    @Test
    void oversizedBodiesAreRefused() {
        Response r = server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"" + "x".repeat(1_100_000) + "\"],\"id\":1}");
        assertThat(r.status()).isEqualTo(413);
    }

    static void assertError(JsonNode response, int code, Integer id) {
        assertThat(response.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(response.has("result")).as(response.toString()).isFalse();
        assertThat(response.get("error").get("code").asInt()).as(response.toString()).isEqualTo(code);
        assertThat(response.get("error").get("message").isTextual()).isTrue();
        if (id == null) assertThat(response.get("id").isNull()).as(response.toString()).isTrue();
        else assertThat(response.get("id").asInt()).isEqualTo(id);
    }
}
