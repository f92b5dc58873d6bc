package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The DeviceHive WebSocket API over a real socket: envelope, errors, tokens and the directory actions. */
class DeviceHiveWebSocketTest {
    static TestServer server;

    @BeforeAll
    static void start() { server = TestServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    static DhWsClient connect(String path) { return new DhWsClient(server.wsUri(path)); }

    /** A socket authenticated as dhadmin. */
    static DhWsClient admin() {
        DhWsClient c = connect("/api/websocket");
        JsonNode t = c.call("token", "\"login\":\"dhadmin\",\"password\":\"" + TestServer.DEVICEHIVE_ADMIN_PASSWORD + "\"");
        assertThat(c.call("authenticate", "\"token\":\"" + t.get("accessToken").asText() + "\"").get("status").asText())
                .isEqualTo("success");
        return c;
    }

    static JsonNode payload(String jwt) throws Exception {
        return DhWsClient.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])).get("payload");
    }

    /** More than 256 requests waiting behind the running ones: the connection is closed with 1008, not buffered. */
    @Test
    void aClientThatQueuesTooManyRequestsIsClosed() throws Exception {
        java.util.concurrent.CompletableFuture<String> closed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(server.wsUri("/api/websocket"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String reason) {
                        closed.complete(code + " " + reason);
                        return null;
                    }
                }).join();
        // Each login hashes a password (tens of milliseconds) and runs alone, so these pile up behind the first.
        String login = "{\"action\":\"token\",\"login\":\"dhadmin\",\"password\":\"" + TestServer.DEVICEHIVE_ADMIN_PASSWORD + "\"}";
        for (int i = 0; i < 400 && !closed.isDone(); i++) ws.sendText(login, true).exceptionally(e -> null).join();
        assertThat(closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("1008 too many requests in flight");
    }

    @Test
    void envelopeAndBadInput() {
        try (DhWsClient c = connect("/api/websocket")) {
            JsonNode info = c.call("server/info", "");
            assertThat(info.get("action").asText()).isEqualTo("server/info");
            assertThat(info.get("requestId").asInt()).isEqualTo(1);
            assertThat(info.get("status").asText()).isEqualTo("success");
            assertThat(info.get("info").get("apiVersion").asText()).isEqualTo("4.1.0");
            assertThat(info.get("info").get("serverTimestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
            assertThat(info.get("info").get("restServerUrl").asText()).endsWith("/api/rest");

            c.sendRaw("not json");
            assertThat(c.next().toString()).isEqualTo("{\"code\":400,\"status\":\"error\",\"error\":\"Malformed Json received.\"}");
            c.sendRaw("{\"action\":\"server/info\"}");
            JsonNode noId = c.next();
            assertThat(noId.has("requestId")).isTrue();
            assertThat(noId.get("requestId").isNull()).isTrue();
            JsonNode unknown = c.call("no/such", "");
            assertThat(unknown.toString()).isEqualTo("{\"action\":\"no/such\",\"requestId\":2,\"code\":400,\"status\":\"error\","
                    + "\"error\":\"Illegal argument: no/such\"}");
            JsonNode anonymous = c.call("device/list", "");
            assertThat(anonymous.get("code").asInt()).isEqualTo(401);
            assertThat(anonymous.get("error").asText()).isEqualTo("Unauthorized");
        }
    }

    @Test
    void cacheAndClusterInfoAreOpenAndHonest() {
        try (DhWsClient watcher = admin(); DhWsClient c = connect("/api/websocket")) {
            assertThat(watcher.call("notification/subscribe", "").get("status").asText()).isEqualTo("success");
            JsonNode cache = c.call("server/cacheInfo", "").get("cacheInfo");
            assertThat(cache.get("serverTimestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
            // What this node holds: the store, its sessions and the subscription just made.
            assertThat(cache.get("cacheStats").asText()).contains("store=sqlite").contains("notificationSubscriptions=1")
                    .containsPattern("webSocketSessions=[2-9]");
            // No Kafka, no ZooKeeper: the reference's keys, honestly null.
            assertThat(c.call("cluster/info", "").get("clusterInfo").toString())
                    .isEqualTo("{\"bootstrap.servers\":null,\"zookeeper.connect\":null}");
        }
    }

    @Test
    void tokensLoginRefreshCreateAndAuthenticate() throws Exception {
        try (DhWsClient c = connect("/api/websocket/client")) {
            JsonNode bad = c.call("token", "\"login\":\"dhadmin\",\"password\":\"wrong\"");
            assertThat(bad.get("code").asInt()).isEqualTo(401);
            assertThat(bad.get("error").asText()).isEqualTo("Invalid credentials");
            assertThat(c.call("token", "\"login\":\"nobody\",\"password\":\"x\"").get("error").asText())
                    .isEqualTo("User with login = nobody not found or bad password");

            JsonNode t = c.call("token", "\"login\":\"dhadmin\",\"password\":\"" + TestServer.DEVICEHIVE_ADMIN_PASSWORD + "\"");
            JsonNode access = payload(t.get("accessToken").asText());
            assertThat(access.get("u").asLong()).isEqualTo(1);
            assertThat(access.get("a").toString()).isEqualTo("[0]");
            assertThat(access.get("n").toString()).isEqualTo("[\"*\"]");
            assertThat(access.get("dt").toString()).isEqualTo("[\"*\"]");
            assertThat(access.get("t").asInt()).isEqualTo(1);
            assertThat(access.get("e").asLong() - System.currentTimeMillis()).isBetween(1_700_000L, 1_800_000L);
            assertThat(payload(t.get("refreshToken").asText()).get("t").asInt()).isZero();

            JsonNode withRefresh = c.call("authenticate", "\"token\":\"" + t.get("refreshToken").asText() + "\"");
            assertThat(withRefresh.get("code").asInt()).isEqualTo(401);
            assertThat(withRefresh.get("error").asText()).isEqualTo("Invalid credentials");
            assertThat(c.call("authenticate", "\"token\":\"a.b.c\"").get("error").asText()).isEqualTo("Invalid credentials");

            JsonNode refreshed = c.call("token/refresh", "\"refreshToken\":\"" + t.get("refreshToken").asText() + "\"");
            assertThat(refreshed.get("status").asText()).isEqualTo("success");
            assertThat(c.call("token/refresh", "\"refreshToken\":\"" + t.get("accessToken").asText() + "\"").get("code").asInt())
                    .isEqualTo(401);

            assertThat(c.call("authenticate", "\"token\":\"" + refreshed.get("accessToken").asText() + "\"").get("status").asText())
                    .isEqualTo("success");
            JsonNode created = c.call("token/create", "\"payload\":{\"userId\":1,\"actions\":[\"GetDevice\",\"CreateDeviceNotification\","
                    + "\"Nonsense\"],\"networkIds\":[\"1\"],\"deviceTypeIds\":[\"*\"],\"expiration\":\"2030-01-01T00:00:00.000\"}");
            JsonNode limited = payload(created.get("accessToken").asText());
            assertThat(limited.get("a").toString()).isEqualTo("[3,9]");
            assertThat(limited.get("n").toString()).isEqualTo("[\"1\"]");
            assertThat(limited.get("e").asLong()).isEqualTo(1893456000000L);

            // A token limited to GetDevice cannot manage networks.
            try (DhWsClient narrow = connect("/api/websocket/device")) {
                narrow.call("authenticate", "\"token\":\"" + created.get("accessToken").asText() + "\"");
                assertThat(narrow.call("device/list", "").get("status").asText()).isEqualTo("success");
                JsonNode denied = narrow.call("network/insert", "\"network\":{\"name\":\"nope\"}");
                assertThat(denied.get("code").asInt()).isEqualTo(403);
                assertThat(denied.get("error").asText()).isEqualTo("Access is denied");
            }
        }
    }

    @Test
    void networksDeviceTypesDevicesAndConfiguration() {
        try (DhWsClient c = admin()) {
            long net = c.call("network/insert", "\"network\":{\"name\":\"Lab\",\"description\":\"bench\"}").get("network").get("id").asLong();
            assertThat(c.call("network/insert", "\"network\":{\"name\":\"Lab\"}").get("code").asInt()).isEqualTo(403);
            assertThat(c.call("network/get", "\"networkId\":" + net).get("network").get("name").asText()).isEqualTo("Lab");
            assertThat(c.call("network/get", "\"networkId\":999999").get("error").asText()).isEqualTo("Network with id = 999999 not found");
            assertThat(c.call("network/get", "").get("error").asText()).isEqualTo("Network id is wrong or empty");
            assertThat(c.call("network/list", "\"namePattern\":\"La%\"").get("networks").size()).isEqualTo(1);
            assertThat(c.call("network/list", "\"sortOrder\":\"sideways\"").get("error").asText())
                    .isEqualTo("Unparseable sort order : sideways");
            assertThat(c.call("network/update", "\"networkId\":" + net + ",\"network\":{\"description\":\"lab floor\"}").get("status")
                    .asText()).isEqualTo("success");
            assertThat(c.call("network/get", "\"networkId\":" + net).get("network").get("description").asText()).isEqualTo("lab floor");

            assertThat(c.call("devicetype/get", "\"deviceTypeId\":1").get("deviceType").get("name").asText()).isEqualTo("Cameras");
            assertThat(c.call("devicetype/count", "").get("count").asInt()).isGreaterThanOrEqualTo(7);

            JsonNode bad = c.call("device/save", "\"deviceId\":\"no spaces\",\"device\":{\"name\":\"x\"}");
            assertThat(bad.get("error").asText()).isEqualTo("Device Id can only contain letters, digits and dashes.");
            assertThat(c.call("device/save", "\"deviceId\":\"lamp-1\",\"device\":{\"name\":\"Lamp\",\"data\":{\"fw\":\"1\"},"
                    + "\"networkId\":" + net + ",\"deviceTypeId\":2}").get("status").asText()).isEqualTo("success");
            JsonNode d = c.call("device/get", "\"deviceId\":\"lamp-1\"").get("device");
            assertThat(d.toString()).isEqualTo("{\"id\":\"lamp-1\",\"name\":\"Lamp\",\"data\":{\"fw\":\"1\"},\"networkId\":" + net
                    + ",\"deviceTypeId\":2,\"isBlocked\":false,\"isOnline\":false}");
            // Saving again replaces data and keeps what is not given.
            c.call("device/save", "\"deviceId\":\"lamp-1\",\"device\":{\"isBlocked\":true}");
            JsonNode again = c.call("device/get", "\"deviceId\":\"lamp-1\"").get("device");
            assertThat(again.get("data").isNull()).isTrue();
            assertThat(again.get("name").asText()).isEqualTo("Lamp");
            assertThat(again.get("isBlocked").asBoolean()).isTrue();
            assertThat(c.call("device/list", "\"networkId\":" + net).get("devices").size()).isEqualTo(1);
            assertThat(c.call("device/count", "\"networkId\":" + net).get("count").asInt()).isEqualTo(1);
            assertThat(c.call("network/delete", "\"networkId\":" + net).get("code").asInt()).isEqualTo(400);
            assertThat(c.call("device/get", "\"deviceId\":\"nope\"").get("error").asText())
                    .isEqualTo("Device with such deviceId = nope not found");
            assertThat(c.call("device/get", "").get("error").asText()).isEqualTo("Device id is wrong or empty");
            assertThat(c.call("device/delete", "\"deviceId\":\"lamp-1\"").get("status").asText()).isEqualTo("success");
            assertThat(c.call("network/delete", "\"networkId\":" + net).get("status").asText()).isEqualTo("success");

            JsonNode put = c.call("configuration/put", "\"name\":\"greeting\",\"value\":\"hello\"");
            assertThat(put.get("configuration").toString()).isEqualTo("{\"name\":\"greeting\",\"value\":\"hello\",\"entityVersion\":0}");
            assertThat(c.call("configuration/get", "\"name\":\"greeting\"").get("configuration").get("value").asText()).isEqualTo("hello");
            assertThat(c.call("configuration/delete", "\"name\":\"greeting\"").get("status").asText()).isEqualTo("success");
            assertThat(c.call("configuration/get", "\"name\":\"greeting\"").get("code").asInt()).isEqualTo(404);
        }
    }
}
