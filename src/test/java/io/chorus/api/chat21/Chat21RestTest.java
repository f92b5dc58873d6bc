package io.chorus.api.chat21;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.support.Chat21Jwt;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Chat21 REST route and its refusals, over real HTTP, with tokens signed by the test's own secret. */
class Chat21RestTest {
    static TestServer server;

    @BeforeAll
    static void start() { server = TestServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    static String uid(String name) { return name + "-" + UUID.randomUUID().toString().substring(0, 8); }

    static Response call(String method, String path, String body, String token) {
        Map<String, String> h = new java.util.HashMap<>(Map.of("Content-Type", "application/json"));
        if (token != null) h.put("Authorization", token);
        return server.request(method, "/api/tilechat" + path, body, h);
    }

    static String send(String from, String to, String text) {
        Response r = call("POST", "/messages", "{\"sender_fullname\":\"" + from + " Name\",\"recipient_id\":\"" + to
                + "\",\"recipient_fullname\":\"" + to + " Name\",\"text\":\"" + text + "\",\"type\":\"text\"}", Chat21Jwt.user(from));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("success").asBoolean()).isTrue();
        return r.json().get("message_id").asText();
    }

    static JsonNode result(Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("success").asBoolean()).isTrue();
        return r.json().get("result");
    }

    static List<String> texts(JsonNode messages) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : messages) out.add(m.get("text").asText());
        return out;
    }

    static String createGroup(String owner, String name, String... members) {
        StringBuilder m = new StringBuilder("{");
        for (int i = 0; i < members.length; i++) m.append(i > 0 ? "," : "").append('"').append(members[i]).append("\":1");
        Response r = call("POST", "/groups", "{\"group_name\":\"" + name + "\",\"group_members\":" + m + "}}", Chat21Jwt.user(owner));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("group").get("uid").asText();
    }

    @Test
    void aMissingOrBadTokenIs403AndAnotherAppIs401WithNoBody() {
        String a = uid("a");
        for (String token : new String[] {null, "garbage", Chat21Jwt.sign("another-secret", a, "tilechat", "user", 3600),
                Chat21Jwt.sign(TestServer.CHAT21_SECRET, a, "tilechat", "user", -60)}) {
            Response r = call("GET", "/" + a + "/conversations", null, token);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).isEqualTo("{\"success\":false,\"msg\":\"Unauthorized.\"}");
        }
        Response other = server.request("GET", "/api/otherapp/" + a + "/conversations", null, Map.of("Authorization", Chat21Jwt.user(a)));
        assertThat(other.status()).isEqualTo(401);
        assertThat(other.body()).isEmpty();
        Response byQuery = server.request("GET", "/api/tilechat/" + a + "/conversations?token=" + Chat21Jwt.user(a), null, Map.of());
        assertThat(result(byQuery).isArray()).isTrue();
        Response byJwt = server.request("GET", "/api/tilechat/" + a + "/conversations?jwt=" + Chat21Jwt.user(a), null, Map.of());
        assertThat(byJwt.status()).isEqualTo(200);
    }

    @Test
    void sendingValidatesAsTheReferenceDoesWith405Texts() {
        String a = uid("a");
        String t = Chat21Jwt.user(a);
        assertThat(call("POST", "/messages", "{\"recipient_id\":\"x\",\"recipient_fullname\":\"X\",\"text\":\"hi\"}", t))
                .isEqualTo(new Response(405, "Sender Fullname is mandatory"));
        assertThat(call("POST", "/messages", "{\"sender_fullname\":\"A\",\"recipient_fullname\":\"X\",\"text\":\"hi\"}", t))
                .isEqualTo(new Response(405, "Recipient id is mandatory"));
        assertThat(call("POST", "/messages", "{\"sender_fullname\":\"A\",\"recipient_id\":\"x\",\"text\":\"hi\"}", t))
                .isEqualTo(new Response(405, "Recipient Fullname is mandatory"));
        Response badAttributes = call("POST", "/messages", "{\"sender_fullname\":\"A\",\"recipient_id\":\"x\","
                + "\"recipient_fullname\":\"X\",\"text\":\"hi\",\"attributes\":[1]}", t);
        assertThat(badAttributes.status()).isEqualTo(405);
        Response malformed = call("POST", "/messages", "{\"sender_fullname\":", t);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("success").asBoolean()).isFalse();
        Response unknownGroup = call("POST", "/messages", "{\"sender_fullname\":\"A\",\"recipient_id\":\"group-nope\","
                + "\"recipient_fullname\":\"G\",\"text\":\"hi\",\"channel_type\":\"group\"}", t);
        assertThat(unknownGroup.status()).isEqualTo(404);
        assertThat(unknownGroup.json().get("err").asText()).isEqualTo("Group doesn't exist");
        // Nothing was stored by the refused sends.
        assertThat(result(call("GET", "/" + a + "/conversations", null, t))).isEmpty();
    }

    @Test
    void aDirectMessageLandsInBothTimelinesWithTheirStatuses() {
        String a = uid("alice"), b = uid("bob");
        String id = send(a, b, "hello bob");
        JsonNode bobs = result(call("GET", "/" + b + "/conversations", null, Chat21Jwt.user(b)));
        assertThat(bobs).hasSize(1);
        JsonNode conv = bobs.get(0);
        assertThat(conv.get("conversWith").asText()).isEqualTo(a);
        assertThat(conv.get("key").asText()).isEqualTo(a);
        assertThat(conv.get("timelineOf").asText()).isEqualTo(b);
        assertThat(conv.get("is_new").asBoolean()).isTrue();
        assertThat(conv.get("archived").asBoolean()).isFalse();
        assertThat(conv.get("last_message_text").asText()).isEqualTo("hello bob");
        assertThat(conv.get("sender_fullname").asText()).isEqualTo(a + " Name");
        assertThat(conv.get("recipient_fullname").asText()).isEqualTo(b + " Name");
        assertThat(conv.get("status").asInt()).isEqualTo(150);
        assertThat(conv.get("message_id").asText()).isEqualTo(id);

        JsonNode alices = result(call("GET", "/" + a + "/conversations/" + b, null, Chat21Jwt.user(a)));
        assertThat(alices).hasSize(1);
        assertThat(alices.get(0).get("status").asInt()).isEqualTo(100);
        assertThat(alices.get(0).get("conversWith").asText()).isEqualTo(b);

        send(b, a, "hi alice");
        JsonNode history = result(call("GET", "/" + a + "/conversations/" + b + "/messages", null, Chat21Jwt.user(a)));
        assertThat(texts(history)).containsExactly("hi alice", "hello bob");
        assertThat(history.get(0).get("channel_type").asText()).isEqualTo("direct");
        assertThat(history.get(0).get("timestamp").asLong()).isGreaterThanOrEqualTo(history.get(1).get("timestamp").asLong());
        assertThat(history.get(1).get("sender").asText()).isEqualTo(a);
        assertThat(history.get(1).get("recipient").asText()).isEqualTo(b);
        assertThat(history.get(1).get("app_id").asText()).isEqualTo("tilechat");
    }

    @Test
    void readingAnotherUsersTimelineIs401UnlessAdmin() {
        String a = uid("a"), b = uid("b");
        send(a, b, "private");
        Response peek = call("GET", "/" + a + "/conversations", null, Chat21Jwt.user(b));
        assertThat(peek.status()).isEqualTo(401);
        assertThat(peek.body()).isEmpty();
        assertThat(call("GET", "/" + a + "/conversations/" + b + "/messages", null, Chat21Jwt.user(b)).status()).isEqualTo(401);
        assertThat(texts(result(call("GET", "/" + a + "/conversations/" + b + "/messages", null, Chat21Jwt.admin()))))
                .containsExactly("private");
    }

    @Test
    void anAdminSendsAsAnotherUser() {
        String a = uid("a"), b = uid("b");
        Response r = call("POST", "/messages", "{\"sender_id\":\"" + a + "\",\"sender_fullname\":\"Agent A\",\"recipient_id\":\""
                + b + "\",\"recipient_fullname\":\"B\",\"text\":\"from the bot\"}", Chat21Jwt.admin());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode conv = result(call("GET", "/" + b + "/conversations/" + a, null, Chat21Jwt.user(b))).get(0);
        assertThat(conv.get("sender").asText()).isEqualTo(a);
        assertThat(conv.get("sender_fullname").asText()).isEqualTo("Agent A");
    }

    @Test
    void groupsAreCreatedReadAndChangedByTheirOwnerWithInfoMessages() {
        String owner = uid("owner"), m1 = uid("m1"), m2 = uid("m2"), stranger = uid("x");
        Response created = call("POST", "/groups", "{\"group_name\":\"Team\",\"group_members\":{\"" + m1 + "\":1},"
                + "\"attributes\":{\"color\":\"blue\"}}", Chat21Jwt.user(owner));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode g = created.json().get("group");
        String gid = g.get("uid").asText();
        assertThat(gid).startsWith("group-");
        assertThat(g.get("name").asText()).isEqualTo("Team");
        assertThat(g.get("owner").asText()).isEqualTo(owner);
        assertThat(g.get("appId").asText()).isEqualTo("tilechat");
        assertThat(g.get("members").has(owner)).isTrue();
        assertThat(g.get("members").get(m1).asInt()).isEqualTo(1);
        assertThat(g.get("attributes").get("color").asText()).isEqualTo("blue");
        assertThat(g.get("createdOn").asLong()).isPositive();

        JsonNode history = result(call("GET", "/" + m1 + "/conversations/" + gid + "/messages", null, Chat21Jwt.user(m1)));
        assertThat(texts(history)).contains("Group created", m1 + " joined group on creation");
        JsonNode info = history.get(history.size() - 1);
        assertThat(info.get("sender").asText()).isEqualTo("system");
        assertThat(info.get("attributes").get("subtype").asText()).isEqualTo("info");
        assertThat(info.get("attributes").get("messagelabel").get("key").asText()).isEqualTo("GROUP_CREATED");

        assertThat(result(call("GET", "/groups/" + gid, null, Chat21Jwt.user(m1))).get("uid").asText()).isEqualTo(gid);
        Response denied = call("GET", "/groups/" + gid, null, Chat21Jwt.user(stranger));
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.json().get("err").asText()).isEqualTo("Permission denied");
        Response missing = call("GET", "/groups/group-missing", null, Chat21Jwt.user(owner));
        assertThat(missing).isEqualTo(new Response(404, "{\"success\":false,\"err\":\"Group doesn't exist\"}"));

        Response notOwner = call("POST", "/groups/" + gid + "/members", "{\"member_id\":\"" + m2 + "\"}", Chat21Jwt.user(m1));
        assertThat(notOwner.status()).isEqualTo(405);
        assertThat(notOwner.json().get("err").get("err").asText()).isEqualTo("Not allowed");
        assertThat(call("POST", "/groups/" + gid + "/members", "{}", Chat21Jwt.user(owner)))
                .isEqualTo(new Response(405, "member_id is mandatory!"));
        assertThat(call("POST", "/groups/" + gid + "/members", "{\"member_id\":\"" + m2 + "\"}", Chat21Jwt.user(owner)).status()).isEqualTo(200);
        Response again = call("POST", "/groups/" + gid + "/members", "{\"member_id\":\"" + m2 + "\"}", Chat21Jwt.user(owner));
        assertThat(again.json().get("err").get("err").asText()).isEqualTo("Already a member");
        assertThat(texts(result(call("GET", "/" + m2 + "/conversations/" + gid + "/messages", null, Chat21Jwt.user(m2)))))
                .first().isEqualTo(m2 + " added to group");

        assertThat(call("PUT", "/groups/" + gid, "{\"group_name\":\"Renamed\"}", Chat21Jwt.user(m1)).status()).isEqualTo(401);
        assertThat(call("PUT", "/groups/" + gid, "{\"group_name\":\"Renamed\"}", Chat21Jwt.user(owner)).status()).isEqualTo(200);
        assertThat(call("PUT", "/groups/" + gid + "/attributes", "{\"attributes\":{\"k\":2}}", Chat21Jwt.user(owner)).status()).isEqualTo(200);
        JsonNode now = result(call("GET", "/groups/" + gid, null, Chat21Jwt.user(owner)));
        assertThat(now.get("name").asText()).isEqualTo("Renamed");
        assertThat(now.get("attributes").toString()).isEqualTo("{\"k\":2}");
        assertThat(now.get("updatedOn").asLong()).isGreaterThanOrEqualTo(now.get("createdOn").asLong());

        // Any member may remove a member; the leaver hears it, then the group is gone from their reach.
        assertThat(call("DELETE", "/groups/" + gid + "/members/" + m2, null, Chat21Jwt.user(m1)).status()).isEqualTo(200);
        assertThat(result(call("GET", "/groups/" + gid, null, Chat21Jwt.user(owner))).get("members").has(m2)).isFalse();
        assertThat(call("GET", "/groups/" + gid, null, Chat21Jwt.user(m2)).status()).isEqualTo(401);
        Response gone = call("DELETE", "/groups/" + gid + "/members/" + m2, null, Chat21Jwt.user(owner));
        assertThat(gone).isEqualTo(new Response(405, "{\"success\":false,\"err\":\"Not found\",\"http_status\":404}"));

        assertThat(call("PUT", "/groups/" + gid + "/members", "{\"members\":{\"" + owner + "\":1,\"" + m1 + "\":1}}",
                Chat21Jwt.user(owner)).json().get("err").get("message").asText()).startsWith("Same members in group");
        assertThat(call("PUT", "/groups/" + gid + "/members", "{\"members\":{\"" + owner + "\":1,\"" + m2 + "\":1}}",
                Chat21Jwt.user(owner)).status()).isEqualTo(200);
        assertThat(result(call("GET", "/groups/" + gid, null, Chat21Jwt.user(owner))).get("members").fieldNames())
                .toIterable().containsExactlyInAnyOrder(owner, m2);
    }

    @Test
    void groupValidationAndAGroupMessageReachEveryMember() {
        String owner = uid("o"), m = uid("m");
        assertThat(call("POST", "/groups", "{\"group_members\":{}}", Chat21Jwt.user(owner)))
                .isEqualTo(new Response(405, "group_name not present!"));
        assertThat(call("POST", "/groups", "{\"group_name\":\"x\"}", Chat21Jwt.user(owner)))
                .isEqualTo(new Response(405, "group_members not present!"));
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i <= Chat21Service.MAX_MEMBERS; i++) many.append(i > 0 ? "," : "").append("\"u").append(i).append("\":1");
        assertThat(call("POST", "/groups", "{\"group_name\":\"huge\",\"group_members\":" + many + "}}", Chat21Jwt.user(owner)))
                .isEqualTo(new Response(405, "a group has at most 10000 members"));
        String gid = createGroup(owner, "Pair", m);
        assertThat(call("POST", "/groups", "{\"group_name\":\"dup\",\"group_members\":{},\"group_id\":\"" + gid + "\"}",
                Chat21Jwt.user(owner)).status()).isEqualTo(409);
        Response sent = call("POST", "/messages", "{\"sender_fullname\":\"O\",\"recipient_id\":\"" + gid
                + "\",\"recipient_fullname\":\"Pair\",\"text\":\"to all\",\"channel_type\":\"group\"}", Chat21Jwt.user(owner));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        JsonNode conv = result(call("GET", "/" + m + "/conversations/" + gid, null, Chat21Jwt.user(m))).get(0);
        assertThat(conv.get("last_message_text").asText()).isEqualTo("to all");
        assertThat(conv.get("channel_type").asText()).isEqualTo("group");
        assertThat(conv.get("recipient").asText()).isEqualTo(gid);
        assertThat(conv.get("recipient_fullname").asText()).isEqualTo("Pair");
        Response outsider = call("POST", "/messages", "{\"sender_fullname\":\"X\",\"recipient_id\":\"" + gid
                + "\",\"recipient_fullname\":\"Pair\",\"text\":\"let me in\",\"channel_type\":\"group\"}", Chat21Jwt.user(uid("x")));
        assertThat(outsider.status()).isEqualTo(403);
    }

    @Test
    void archivingMovesAConversationUntilTheNextMessage() {
        String a = uid("a"), b = uid("b");
        send(b, a, "first");
        Response archived = call("DELETE", "/conversations/" + b, null, Chat21Jwt.user(a));
        assertThat(archived).isEqualTo(new Response(201, "{\"success\":true}"));
        assertThat(result(call("GET", "/" + a + "/conversations", null, Chat21Jwt.user(a)))).isEmpty();
        JsonNode list = result(call("GET", "/" + a + "/conversations/archived", null, Chat21Jwt.user(a)));
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("archived").asBoolean()).isTrue();
        assertThat(result(call("GET", "/" + a + "/archived_conversations", null, Chat21Jwt.user(a)))).hasSize(1);
        assertThat(result(call("GET", "/" + a + "/archived_conversations/" + b, null, Chat21Jwt.user(a)))).hasSize(1);
        assertThat(result(call("GET", "/" + a + "/conversations/" + b, null, Chat21Jwt.user(a)))).isEmpty();
        send(b, a, "second");
        assertThat(result(call("GET", "/" + a + "/conversations", null, Chat21Jwt.user(a))).get(0).get("last_message_text").asText())
                .isEqualTo("second");
        assertThat(result(call("GET", "/" + a + "/conversations/archived", null, Chat21Jwt.user(a)))).isEmpty();
        // An admin archives for a user.
        Response forUser = call("DELETE", "/conversations/" + b, "{\"user_id\":\"" + a + "\"}", Chat21Jwt.admin());
        assertThat(forUser.status()).isEqualTo(201);
        assertThat(result(call("GET", "/" + a + "/conversations/archived", null, Chat21Jwt.user(a)))).hasSize(1);
    }

    @Test
    void deletingTimelinesIsForTheGroupsOwner() {
        String owner = uid("o"), m = uid("m");
        String gid = createGroup(owner, "Wipe", m);
        assertThat(call("DELETE", "/" + gid + "/conversations/timelines", null, Chat21Jwt.user(m)).status()).isEqualTo(401);
        assertThat(call("DELETE", "/" + gid + "/conversations/timelines", null, Chat21Jwt.user(owner)).status()).isEqualTo(200);
        assertThat(result(call("GET", "/" + m + "/conversations", null, Chat21Jwt.user(m)))).isEmpty();
        assertThat(call("DELETE", "/" + gid + "/messages/timelines", null, Chat21Jwt.user(owner)).status()).isEqualTo(200);
        assertThat(result(call("GET", "/" + m + "/conversations/" + gid + "/messages", null, Chat21Jwt.user(m)))).isEmpty();
    }

    @Test
    void instancesAreSavedForTheCallerOnly() {
        String a = uid("a");
        String body = "{\"device_model\":\"Pixel\",\"language\":\"en\",\"platform\":\"android\",\"platform_version\":\"14\"}";
        assertThat(call("POST", "/" + a + "/instances/fcm-token-1", body, Chat21Jwt.user(a)))
                .isEqualTo(new Response(200, "{\"success\":true}"));
        assertThat(call("POST", "/" + a + "/instances/fcm-token-1", body, Chat21Jwt.user(uid("b"))).status()).isEqualTo(401);
    }

    @Test
    void historyAndConversationsSurviveARestart() {
        String a = uid("a"), b = uid("b");
        String gid = createGroup(a, "Durable", b);
        send(a, b, "kept");
        call("DELETE", "/conversations/" + gid, null, Chat21Jwt.user(b));
        server.restart();
        assertThat(texts(result(call("GET", "/" + b + "/conversations/" + a + "/messages", null, Chat21Jwt.user(b))))).containsExactly("kept");
        assertThat(result(call("GET", "/" + b + "/conversations/archived", null, Chat21Jwt.user(b))).get(0).get("conversWith").asText())
                .isEqualTo(gid);
        assertThat(result(call("GET", "/groups/" + gid, null, Chat21Jwt.user(b))).get("owner").asText()).isEqualTo(a);
    }
}
