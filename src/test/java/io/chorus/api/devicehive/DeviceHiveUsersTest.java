package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** user/* and what a client-role user's token reaches: its networks and device types only. */
class DeviceHiveUsersTest {
    static TestServer server;

    @BeforeAll
    static void start() { server = TestServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    static DhWsClient login(String login, String password) {
        DhWsClient c = new DhWsClient(server.wsUri("/api/websocket"));
        JsonNode t = c.call("token", "\"login\":\"" + login + "\",\"password\":\"" + password + "\"");
        assertThat(t.get("status").asText()).as(t.toString()).isEqualTo("success");
        assertThat(c.call("authenticate", "\"token\":\"" + t.get("accessToken").asText() + "\"").get("status").asText())
                .isEqualTo("success");
        return c;
    }

    @Test
    void aClientSeesOnlyItsNetworksAndDeviceTypes() throws Exception {
        try (DhWsClient admin = login("dhadmin", TestServer.DEVICEHIVE_ADMIN_PASSWORD)) {
            long net = admin.call("network/insert", "\"network\":{\"name\":\"Alice's\"}").get("network").get("id").asLong();
            long alice = admin.call("user/insert", "\"user\":{\"login\":\"alice\",\"password\":\"alice-pass\",\"role\":1,"
                    + "\"data\":{\"team\":\"a\"}}").get("user").get("id").asLong();
            assertThat(admin.call("user/insert", "\"user\":{\"login\":\"alice\",\"password\":\"other-pass\"}").get("code").asInt())
                    .isEqualTo(403);
            admin.call("user/assignNetwork", "\"userId\":" + alice + ",\"networkId\":" + net);
            admin.call("user/disallowAllDeviceTypes", "\"userId\":" + alice);
            admin.call("user/assignDeviceType", "\"userId\":" + alice + ",\"deviceTypeId\":1");
            JsonNode got = admin.call("user/get", "\"userId\":" + alice).get("user");
            assertThat(got.get("login").asText()).isEqualTo("alice");
            assertThat(got.get("role").asInt()).isEqualTo(1);
            assertThat(got.get("status").asInt()).isZero();
            assertThat(got.get("data").toString()).isEqualTo("{\"team\":\"a\"}");
            assertThat(got.get("allDeviceTypesAvailable").asBoolean()).isFalse();
            assertThat(got.get("networks").get(0).get("id").asLong()).isEqualTo(net);
            assertThat(admin.call("user/list", "\"loginPattern\":\"ali%\"").get("users").size()).isEqualTo(1);
            admin.call("device/save", "\"deviceId\":\"admins-dev\",\"device\":{\"name\":\"admin's\",\"networkId\":1,\"deviceTypeId\":1}");

            try (DhWsClient c = login("alice", "alice-pass")) {
                assertThat(c.call("network/list", "").get("networks").findValuesAsText("name")).containsExactly("Alice's");
                assertThat(c.call("devicetype/list", "").get("deviceTypes").size()).isEqualTo(1);
                // Without a network the device goes to hers; network 1 is not hers.
                assertThat(c.call("device/save", "\"deviceId\":\"alices-dev\",\"device\":{\"name\":\"mine\"}").get("status").asText())
                        .isEqualTo("success");
                assertThat(c.call("device/get", "\"deviceId\":\"alices-dev\"").get("device").get("networkId").asLong()).isEqualTo(net);
                assertThat(c.call("device/save", "\"deviceId\":\"elsewhere\",\"device\":{\"name\":\"x\",\"networkId\":1}").get("code")
                        .asInt()).isEqualTo(403);
                assertThat(c.call("device/get", "\"deviceId\":\"admins-dev\"").get("code").asInt()).isEqualTo(403);
                assertThat(c.call("device/get", "\"deviceId\":\"no-such\"").get("error").asText()).isEqualTo("Access is denied");
                assertThat(c.call("device/list", "").get("devices").findValuesAsText("id")).containsExactly("alices-dev");
                assertThat(c.call("notification/subscribe", "\"networkIds\":[1]").get("code").asInt()).isEqualTo(403);
                assertThat(c.call("notification/subscribe", "").get("status").asText()).isEqualTo("success");
                assertThat(c.call("user/list", "").get("code").asInt()).isEqualTo(403);
                assertThat(c.call("user/getCurrent", "").get("current").get("login").asText()).isEqualTo("alice");
                assertThat(c.call("user/updateCurrent", "\"user\":{\"role\":0}").get("code").asInt()).isEqualTo(403);
                assertThat(c.call("user/updateCurrent", "\"user\":{\"data\":{\"team\":\"b\"}}").get("status").asText()).isEqualTo("success");
                // A client's token/create cannot reach beyond its own token.
                JsonNode t = c.call("token/create", "\"payload\":{\"userId\":" + alice + ",\"actions\":[\"ManageUser\",\"GetDevice\"],"
                        + "\"networkIds\":[\"*\",\"" + net + "\"],\"deviceTypeIds\":[\"1\"]}");
                JsonNode p = DeviceHiveWebSocketTest.payload(t.get("accessToken").asText());
                assertThat(p.get("a").toString()).isEqualTo("[3]");
                assertThat(p.get("n").toString()).isEqualTo("[\"" + net + "\"]");
                assertThat(c.call("token/create", "\"payload\":{\"userId\":1,\"actions\":[\"GetDevice\"]}").get("code").asInt())
                        .isEqualTo(403);
            }
            // A token an admin mints with "*" still reaches only what alice has.
            String wide = admin.call("token/create", "\"payload\":{\"userId\":" + alice + ",\"actions\":[\"GetNetwork\",\"GetDevice\"],"
                    + "\"networkIds\":[\"*\"],\"deviceTypeIds\":[\"*\"]}").get("accessToken").asText();
            try (DhWsClient c = new DhWsClient(server.wsUri("/api/websocket"))) {
                c.call("authenticate", "\"token\":\"" + wide + "\"");
                assertThat(c.call("network/list", "").get("networks").findValuesAsText("name")).containsExactly("Alice's");
                assertThat(c.call("device/get", "\"deviceId\":\"admins-dev\"").get("code").asInt()).isEqualTo(403);
            }
            assertThat(admin.call("user/get", "\"userId\":" + alice).get("user").get("data").toString()).isEqualTo("{\"team\":\"b\"}");
            assertThat(admin.call("user/delete", "\"userId\":" + alice).get("status").asText()).isEqualTo("success");
            assertThat(admin.call("user/get", "\"userId\":" + alice).get("error").asText()).isEqualTo("User with id = " + alice + " not found");
        }
    }

    @Test
    void narrowTokensAndTheReferenceTextsOfTheDirectory() {
        try (DhWsClient admin = login("dhadmin", TestServer.DEVICEHIVE_ADMIN_PASSWORD)) {
            long net = admin.call("network/insert", "\"network\":{\"name\":\"Scoped\"}").get("network").get("id").asLong();
            assertThat(admin.call("network/insert", "\"network\":{\"name\":\"Scoped\"}").get("error").asText())
                    .isEqualTo("Network cannot be created. Network with such name already exists");
            long type = admin.call("devicetype/insert", "\"deviceType\":{\"name\":\"Scoped type\"}").get("deviceType").get("id").asLong();
            assertThat(admin.call("devicetype/insert", "\"deviceType\":{\"name\":\"Scoped type\"}").get("error").asText())
                    .isEqualTo("Device type cannot be created. Device type with such name already exists");
            admin.call("device/save", "\"deviceId\":\"scoped-1\",\"device\":{\"name\":\"s\",\"networkId\":" + net + ",\"deviceTypeId\":" + type + "}");
            assertThat(admin.call("network/delete", "\"networkId\":" + net).get("error").asText())
                    .isEqualTo("There are the following devices within this network: scoped-1. Please review and delete them first.");
            assertThat(admin.call("devicetype/delete", "\"deviceTypeId\":" + type).get("error").asText())
                    .isEqualTo("There are the following devices within this device type: scoped-1. Please review and delete them first.");
            // An unknown network on device/save is a bad parameter, as in the reference.
            JsonNode unknownNet = admin.call("device/save", "\"deviceId\":\"scoped-2\",\"device\":{\"networkId\":999999}");
            assertThat(unknownNet.get("code").asInt()).isEqualTo(400);
            assertThat(unknownNet.get("error").asText()).isEqualTo("Invalid request parameters");

            // dhadmin has every device type, so a token of theirs naming none still reaches all types (the reference
            // ignores dt for such users); its network list still binds, and unknown ids are 403 to it, not 404.
            String narrow = admin.call("token/create", "\"payload\":{\"userId\":1,\"actions\":[\"GetDevice\",\"GetNetwork\","
                    + "\"RegisterDevice\"],\"networkIds\":[\"" + net + "\"],\"deviceTypeIds\":[]}").get("accessToken").asText();
            try (DhWsClient c = new DhWsClient(server.wsUri("/api/websocket"))) {
                c.call("authenticate", "\"token\":\"" + narrow + "\"");
                assertThat(c.call("device/count", "").get("count").asInt()).isEqualTo(1);
                assertThat(c.call("device/get", "\"deviceId\":\"no-such\"").get("code").asInt()).isEqualTo(403);
                assertThat(c.call("network/get", "\"networkId\":999999").get("code").asInt()).isEqualTo(403);
                assertThat(c.call("device/save", "\"deviceId\":\"scoped-3\",\"device\":{\"networkId\":1}").get("error").asText())
                        .isEqualTo("No access to network!");
            }
            String otherNet = admin.call("token/create", "\"payload\":{\"userId\":1,\"actions\":[\"RegisterDevice\"],"
                    + "\"networkIds\":[\"1\"],\"deviceTypeIds\":[\"*\"]}").get("accessToken").asText();
            try (DhWsClient c = new DhWsClient(server.wsUri("/api/websocket"))) {
                c.call("authenticate", "\"token\":\"" + otherNet + "\"");
                assertThat(c.call("device/save", "\"deviceId\":\"scoped-1\",\"device\":{\"name\":\"taken\"}").get("error").asText())
                        .isEqualTo("No access to device");
            }
            assertThat(admin.call("network/delete", "\"networkId\":" + net + ",\"force\":true").get("status").asText()).isEqualTo("success");
        }
    }

    @Test
    void accountRulesAndTokenAnswersAsTheReference() throws Exception {
        try (DhWsClient admin = login("dhadmin", TestServer.DEVICEHIVE_ADMIN_PASSWORD)) {
            long bob = admin.call("user/insert", "\"user\":{\"login\":\"bob\",\"password\":\"bob-pass\",\"role\":1}")
                    .get("user").get("id").asLong();
            long carol = admin.call("user/insert", "\"user\":{\"login\":\"carol\",\"password\":\"carol-pass\",\"role\":1}")
                    .get("user").get("id").asLong();
            assertThat(admin.call("user/get", "\"userId\":" + bob).get("user").get("lastLogin").isNull()).isTrue();
            JsonNode pair = admin.call("token/create", "\"payload\":{\"userId\":" + bob + ",\"actions\":[\"ManageUser\","
                    + "\"UpdateCurrentUser\"],\"expiration\":\"2100-01-01T00:00:00.000Z\"}");
            // Without refreshExpiration the refresh token expires with the access token.
            assertThat(DeviceHiveWebSocketTest.payload(pair.get("refreshToken").asText()).get("e").asLong()).isEqualTo(4102444800000L);
            try (DhWsClient c = new DhWsClient(server.wsUri("/api/websocket"))) {
                assertThat(c.call("authenticate", "\"token\":null").get("error").asText()).isEqualTo("Unauthorized");
                c.call("authenticate", "\"token\":\"" + pair.get("accessToken").asText() + "\"");
                // Authenticating is a login; a client holding ManageUser still cannot change logins, roles or statuses.
                assertThat(admin.call("user/get", "\"userId\":" + bob).get("user").get("lastLogin").isNull()).isFalse();
                JsonNode refused = c.call("user/update", "\"userId\":" + carol + ",\"user\":{\"status\":1}");
                assertThat(refused.get("code").asInt()).isEqualTo(403);
                assertThat(refused.get("error").asText()).isEqualTo("Admin permissions required for this action");
                assertThat(c.call("user/updateCurrent", "\"user\":{\"role\":0}").get("error").asText())
                        .isEqualTo("Admin permissions required for this action");
                JsonNode self = c.call("user/delete", "\"userId\":" + bob);
                assertThat(self.get("code").asInt()).isEqualTo(403);
                assertThat(self.get("error").asText()).isEqualTo("You can not delete a user or access key that you use to authenticate this request");
                assertThat(c.call("token/refresh", "\"refreshToken\":\"" + pair.get("accessToken").asText() + "\"").get("error").asText())
                        .isEqualTo("Invalid token type");
                assertThat(c.call("token/refresh", "\"refreshToken\":\"x.y.z\"").get("error").asText()).isEqualTo("Unauthorized");
            }
            String stale = admin.call("token/create", "\"payload\":{\"userId\":" + carol + ",\"actions\":[\"GetDevice\"],"
                    + "\"refreshExpiration\":\"2001-01-01T00:00:00.000Z\"}").get("refreshToken").asText();
            try (DhWsClient c = new DhWsClient(server.wsUri("/api/websocket"))) {
                assertThat(c.call("token/refresh", "\"refreshToken\":\"" + stale + "\"").get("error").asText()).isEqualTo("Token has expired");
            }
            // A refresh is a login too.
            String fresh = admin.call("token/create", "\"payload\":{\"userId\":" + carol + ",\"actions\":[\"GetDevice\"]}")
                    .get("refreshToken").asText();
            assertThat(admin.call("token/refresh", "\"refreshToken\":\"" + fresh + "\"").get("status").asText()).isEqualTo("success");
            assertThat(admin.call("user/get", "\"userId\":" + carol).get("user").get("lastLogin").isNull()).isFalse();

            admin.call("user/update", "\"userId\":" + carol + ",\"user\":{\"status\":2}");
            JsonNode inactive = admin.call("token/create", "\"payload\":{\"userId\":" + carol + ",\"actions\":[\"GetDevice\"]}");
            assertThat(inactive.get("code").asInt()).isEqualTo(403);
            assertThat(inactive.get("error").asText()).isEqualTo("User is locked or disabled");

            admin.call("user/assignNetwork", "\"userId\":" + bob + ",\"networkId\":1");
            assertThat(admin.call("user/getNetwork", "\"userId\":" + bob + ",\"networkId\":1").get("network").get("network")
                    .get("id").asLong()).isEqualTo(1);
        }
    }

    @Test
    void tenFailedLoginsLockTheAccount() {
        try (DhWsClient admin = login("dhadmin", TestServer.DEVICEHIVE_ADMIN_PASSWORD)) {
            admin.call("user/insert", "\"user\":{\"login\":\"mallory\",\"password\":\"mallory-pass\"}");
            try (DhWsClient c = new DhWsClient(server.wsUri("/api/websocket"))) {
                for (int i = 0; i < 10; i++) {
                    assertThat(c.call("token", "\"login\":\"mallory\",\"password\":\"guess-" + i + "\"").get("code").asInt()).isEqualTo(401);
                }
                assertThat(c.call("token", "\"login\":\"mallory\",\"password\":\"mallory-pass\"").get("code").asInt()).isEqualTo(401);
            }
            JsonNode locked = admin.call("user/list", "\"login\":\"mallory\"").get("users").get(0);
            assertThat(locked.get("status").asInt()).isEqualTo(1);
            admin.call("user/update", "\"userId\":" + locked.get("id").asLong() + ",\"user\":{\"status\":0}");
            login("mallory", "mallory-pass").close();
        }
    }

    @Test
    void manyConcurrentAuthenticationsComplete() {
        // Account reads once nested a query inside another's row mapping: enough parallel authentications held every
        // pooled connection while each waited for a second one, and all of them hung.
        String token;
        try (DhWsClient c = new DhWsClient(server.wsUri("/api/websocket"))) {
            token = c.call("token", "\"login\":\"dhadmin\",\"password\":\"" + TestServer.DEVICEHIVE_ADMIN_PASSWORD + "\"")
                    .get("accessToken").asText();
        }
        java.util.List<DhWsClient> clients = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 150; i++) clients.add(new DhWsClient(server.wsUri("/api/websocket")));
            for (DhWsClient c : clients) c.sendRaw("{\"action\":\"authenticate\",\"requestId\":1,\"token\":\"" + token + "\"}");
            for (DhWsClient c : clients) assertThat(c.next().get("status").asText()).isEqualTo("success");
        } finally {
            clients.forEach(DhWsClient::close);
        }
    }
}
