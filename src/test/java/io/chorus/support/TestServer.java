package io.chorus.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.server.ChorusServer;
import io.chorus.server.ServerConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A real Chorus server on a loopback ephemeral port with its own data directory, plus admin helpers. */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token";
    /** The DeviceHive admin's password in tests (the reference server's default). */
    public static final String DEVICEHIVE_ADMIN_PASSWORD = "dhadmin_#911";
    /** The Chat21 reference's default secret, short as deployments keep it. */
    public static final String CHAT21_SECRET = "tokenKey";
    public static final ObjectMapper JSON = new ObjectMapper();

    private final Path data;
    private final UnaryOperator<ServerConfig> tweak;
    private final HttpClient http = HttpClient.newHttpClient();
    private ChorusServer server;

    private TestServer(Path data, UnaryOperator<ServerConfig> tweak) {
        this.data = data;
        this.tweak = tweak;
    }

    public static TestServer start() { return start(UnaryOperator.identity()); }

    public static TestServer start(UnaryOperator<ServerConfig> tweak) {
        try {
            TestServer t = new TestServer(Files.createTempDirectory("chorus-test"), tweak);
            t.startServer();
            return t;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server on an existing data directory (for example one another process wrote). */
    public static TestServer startIn(Path data) {
        TestServer t = new TestServer(data, UnaryOperator.identity());
        t.startServer();
        return t;
    }

    private void startServer() {
        try {
            ServerConfig base = ServerConfig.forTests(data).withAdminToken(ADMIN_TOKEN)
                    .withDeviceHive(io.chorus.api.devicehive.DeviceHiveOptions.DEFAULTS.withAdminPassword(DEVICEHIVE_ADMIN_PASSWORD));
            server = ChorusServer.start(tweak.apply(base.withChat21(base.chat21().withJwtSecret(CHAT21_SECRET))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops and starts again on the same data directory (and a new port). */
    public void restart() {
        server.stop();
        startServer();
    }

    public ChorusServer server() { return server; }

    public int port() { return server.port(); }

    public String baseUrl() { return "http://127.0.0.1:" + port(); }

    public URI wsUri(String path) { return URI.create("ws://127.0.0.1:" + port() + path); }

    public Path dataDir() { return data; }

    // ---- HTTP helpers

    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public Response request(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A counter or gauge without labels from {@code GET /metrics}. */
    public long metric(String name) {
        for (String line : request("GET", "/metrics", null, Map.of()).body().split("\n")) {
            if (line.startsWith(name + " ")) return (long) Double.parseDouble(line.substring(name.length() + 1));
        }
        throw new AssertionError(name + " not in /metrics");
    }

    public Response admin(String method, String path, String body) {
        return request(method, path, body, Map.of("Authorization", "Bearer " + ADMIN_TOKEN, "Content-Type", "application/json"));
    }

    /** POST /api/json_rpc with a bearer token. */
    public Response rpc(String token, String body) {
        return request("POST", "/api/json_rpc", body, token == null ? Map.of("Content-Type", "application/json")
                : Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"));
    }

    // ---- fixtures

    public record TestUser(String id, String username, String address, String token) {}

    /** A user with the remote API enabled and a token, member of the zone with the role. */
    public TestUser user(String username, String zoneId, String role) {
        JsonNode u = admin("POST", "/admin/users", "{\"username\":\"" + username + "\"}").json();
        String id = u.get("id").asText();
        admin("POST", "/admin/users/" + id + "/remote-api", "{\"action\":\"enable\"}");
        String token = admin("POST", "/admin/users/" + id + "/remote-api", "{\"action\":\"generate-token\"}").json()
                .get("token").asText();
        if (zoneId != null) join(id, zoneId, role);
        return new TestUser(id, username, u.get("address").asText(), token);
    }

    public void join(String userId, String zoneId, String role) {
        Response r = admin("PUT", "/admin/zones/" + zoneId + "/members/" + userId, "{\"role\":\"" + role + "\"}");
        if (r.status() != 200) throw new IllegalStateException("join failed: " + r);
    }

    public record TestZone(String id, String generalChannel) {}

    public TestZone zone(String name) {
        JsonNode z = admin("POST", "/admin/zones", "{\"name\":\"" + name + "\"}").json();
        return new TestZone(z.get("id").asText(), z.get("channels").get(0).get("id").asText());
    }

    @Override
    public void close() {
        if (server != null) server.stop();
    }
}
