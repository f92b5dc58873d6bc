package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API and long polling: same actions, REST shapes and statuses, no item lost or repeated between polls. */
class DeviceHiveRestTest {
    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Response t = server.request("POST", "/api/rest/token", "{\"login\":\"dhadmin\",\"password\":\"" + TestServer.DEVICEHIVE_ADMIN_PASSWORD
                + "\"}", Map.of("Content-Type", "application/json"));
        assertThat(t.status()).isEqualTo(201);
        token = t.json().get("accessToken").asText();
    }

    @AfterAll
    static void stop() { server.close(); }

    static Response call(String method, String path, String body) {
        return server.request(method, "/api/rest" + path, body, Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"));
    }

    @Test
    void restShapesAndErrors() {
        JsonNode info = server.request("GET", "/api/rest/info", null, Map.of()).json();
        assertThat(info.get("webSocketServerUrl").asText()).isEqualTo("ws://127.0.0.1:" + server.port() + "/api/websocket");
        assertThat(server.request("POST", "/auth/rest/token", "{\"login\":\"dhadmin\",\"password\":\"nope\"}",
                Map.of("Content-Type", "application/json")).json().toString())
                .isEqualTo("{\"error\":401,\"message\":\"Invalid credentials\"}");
        assertThat(server.request("GET", "/api/rest/info/cache", null, Map.of()).json().get("cacheStats").asText()).contains("store=");
        assertThat(server.request("GET", "/api/rest/info/config/cluster", null, Map.of()).json().has("bootstrap.servers")).isTrue();
        assertThat(server.request("GET", "/api/rest/device", null, Map.of()).status()).isEqualTo(401);
        assertThat(server.request("GET", "/api/rest/device", null, Map.of("Authorization", "Bearer x.y.z")).json().get("message").asText())
                .isEqualTo("Unauthorized");

        Response created = call("POST", "/network", "{\"name\":\"REST net\"}");
        assertThat(created.status()).isEqualTo(201);
        long net = created.json().get("id").asLong();
        assertThat(call("GET", "/network/" + net, null).json().get("name").asText()).isEqualTo("REST net");
        assertThat(call("PUT", "/device/rest-1", "{\"name\":\"REST device\",\"networkId\":" + net + "}").status()).isEqualTo(204);
        assertThat(call("GET", "/device/rest-1", null).json().get("networkId").asLong()).isEqualTo(net);
        assertThat(call("GET", "/device?networkId=" + net, null).json().size()).isEqualTo(1);
        assertThat(call("GET", "/device/count?networkId=" + net, null).json().get("count").asInt()).isEqualTo(1);
        Response missing = call("GET", "/device/nope", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().toString()).isEqualTo("{\"error\":404,\"message\":\"Device with such deviceId = nope not found\"}");
        assertThat(call("PUT", "/device/rest-1", "{not json").status()).isEqualTo(400);

        Response cmd = call("POST", "/device/rest-1/command", "{\"command\":\"blink\",\"parameters\":{\"n\":3}}");
        assertThat(cmd.status()).isEqualTo(201);
        long cid = cmd.json().get("id").asLong();
        // Asked for its updated form, a command nobody updated yet is not found.
        assertThat(call("GET", "/device/rest-1/command/" + cid + "?returnUpdatedCommands=true", null).json().get("message").asText())
                .isEqualTo("Command with id = " + cid + " not found");
        assertThat(call("DELETE", "/device/rest-1/command/" + cid, null).json().toString())
                .isEqualTo("{\"error\":405,\"message\":\"HTTP 405 Method Not Allowed\"}");
        assertThat(call("PUT", "/device/rest-1/command/" + cid, "{\"status\":\"ok\"}").status()).isEqualTo(204);
        assertThat(call("GET", "/device/rest-1/command/" + cid + "?returnUpdatedCommands=true", null).json().get("status").asText())
                .isEqualTo("ok");
        assertThat(call("GET", "/device/rest-1/command/" + cid, null).json().get("status").asText()).isEqualTo("ok");
        // The command has been updated: its wait returns at once.
        assertThat(call("GET", "/device/rest-1/command/" + cid + "/poll?waitTimeout=1", null).json().get("status").asText()).isEqualTo("ok");
        Response unnamed = call("POST", "/device/rest-1/notification", "{\"notification2\":\"hello\"}");
        assertThat(unnamed.status()).isEqualTo(400);
        assertThat(unnamed.json().get("message").asText()).isEqualTo("Invalid request parameters");
        assertThat(call("GET", "/device/nowhere/notification", null).json().get("message").asText())
                .isEqualTo("Device with such deviceId = nowhere not found");
        Response note = call("POST", "/device/rest-1/notification", "{\"notification\":\"hello\"}");
        assertThat(note.status()).isEqualTo(201);
        assertThat(call("GET", "/device/rest-1/notification/" + note.json().get("id").asLong(), null).json().get("notification").asText())
                .isEqualTo("hello");
        assertThat(call("PUT", "/device/rest-1/notification/" + note.json().get("id").asLong(), "{}").status()).isEqualTo(405);
        assertThat(call("DELETE", "/device/rest-1/notification/" + note.json().get("id").asLong(), null).status()).isEqualTo(405);
        assertThat(call("GET", "/configuration/nothing", null).status()).isEqualTo(404);
        assertThat(call("PUT", "/configuration/mode", "{\"value\":\"on\"}").json().get("value").asText()).isEqualTo("on");
        assertThat(call("GET", "/user/current", null).json().get("login").asText()).isEqualTo("dhadmin");
        assertThat(call("DELETE", "/device/rest-1", null).status()).isEqualTo(204);
        assertThat(call("DELETE", "/network/" + net, null).status()).isEqualTo(204);
    }

    @Test
    void aPollFromATimestampTakesOnlyLiveItemsAfterIt() throws Exception {
        call("PUT", "/device/resume-2", "{\"name\":\"resumer\",\"networkId\":1,\"deviceTypeId\":1}");
        long seen = call("POST", "/device/resume-2/notification", "{\"notification\":\"seen\"}").json().get("id").asLong();
        String since = call("GET", "/device/resume-2/notification/" + seen, null).json().get("timestamp").asText();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() ->
                call("GET", "/device/resume-2/notification/poll?waitTimeout=10&timestamp=" + since, null));
        Thread.sleep(300);
        call("POST", "/device/resume-2/notification", "{\"notification\":\"old\",\"timestamp\":\"2001-01-01T00:00:00.000\"}");
        call("POST", "/device/resume-2/notification", "{\"notification\":\"new\"}");
        JsonNode got = waiting.get(10, TimeUnit.SECONDS).json();
        assertThat(got.size()).isEqualTo(1);
        assertThat(got.get(0).get("notification").asText()).isEqualTo("new");
    }

    @Test
    void waitingForOneCommandsUpdateIgnoresTheDevicesOtherCommands() throws Exception {
        call("PUT", "/device/wait-1", "{\"name\":\"waiter\",\"networkId\":1,\"deviceTypeId\":1}");
        long awaited = call("POST", "/device/wait-1/command", "{\"command\":\"a\"}").json().get("id").asLong();
        long other = call("POST", "/device/wait-1/command", "{\"command\":\"b\"}").json().get("id").asLong();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() ->
                call("GET", "/device/wait-1/command/" + awaited + "/poll?waitTimeout=10", null));
        Thread.sleep(300);
        call("PUT", "/device/wait-1/command/" + other, "{\"status\":\"other\"}");
        Thread.sleep(300);
        assertThat(waiting).as("another command's update does not end the wait").isNotDone();
        call("PUT", "/device/wait-1/command/" + awaited, "{\"status\":\"done\"}");
        Response r = waiting.get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asLong()).isEqualTo(awaited);
        assertThat(r.json().get("status").asText()).isEqualTo("done");
    }

    @Test
    void longPollingNeitherLosesNorRepeats() throws Exception {
        call("PUT", "/device/poll-1", "{\"name\":\"poller\",\"networkId\":1,\"deviceTypeId\":1}");
        // A poll with nothing to return waits, and the first live item ends it.
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() ->
                call("GET", "/device/poll-1/notification/poll?waitTimeout=10&names=first", null));
        Thread.sleep(300);
        call("POST", "/device/poll-1/notification", "{\"notification\":\"first\"}");
        JsonNode got = waiting.get().json();
        assertThat(got.size()).isEqualTo(1);
        assertThat(got.get(0).get("notification").asText()).isEqualTo("first");
        assertThat(call("GET", "/device/poll-1/notification/poll?waitTimeout=0", null).json().size()).isZero();

        // A sender writes 200 items while a client polls from the last timestamp it saw: every item, once, in order.
        Thread sender = new Thread(() -> {
            for (int i = 0; i < 200; i++) call("POST", "/device/poll-1/notification", "{\"notification\":\"n\",\"parameters\":{\"i\":" + i + "}}");
        });
        String since = got.get(0).get("timestamp").asText();
        sender.start();
        List<Integer> seen = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        while (seen.size() < 200) {
            JsonNode batch = call("GET", "/device/poll-1/notification/poll?names=n&waitTimeout=5&timestamp=" + since, null).json();
            assertThat(batch.size()).as("a poll before all 200 arrived came back empty").isPositive();
            for (JsonNode n : batch) {
                assertThat(ids.add(n.get("id").asLong())).as("repeated " + n).isTrue();
                seen.add(n.get("parameters").get("i").asInt());
                since = n.get("timestamp").asText();
            }
        }
        sender.join();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) expected.add(i);
        assertThat(seen).isEqualTo(expected);
        // The many-device poll sees them too, scoped by network.
        assertThat(call("GET", "/device/notification/poll?networkIds=1&names=first&waitTimeout=0&timestamp=2000-01-01T00:00:00.000", null)
                .json().size()).isEqualTo(1);
    }
}
