package io.chorus.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ThreadLocalRandom;

/** Logs in as the DeviceHive admin over REST and registers the devices a run publishes for. */
final class DeviceHiveSetup {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    final String token;

    DeviceHiveSetup(URI base, String password) {
        this.base = base;
        this.token = send("POST", "/api/rest/token", "{\"login\":\"dhadmin\",\"password\":" + JSON.valueToTree(password) + "}", null)
                .path("accessToken").asText();
    }

    String createDevice(String name) {
        String id = "bench-" + run + "-" + name;
        send("PUT", "/api/rest/device/" + id, "{\"name\":\"" + id + "\",\"networkId\":1,\"deviceTypeId\":1}", token);
        return id;
    }

    private com.fasterxml.jackson.databind.JsonNode send(String method, String path, String body, String bearer) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
            if (bearer != null) b.header("Authorization", "Bearer " + bearer);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
            return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("Chorus at " + base + " unreachable: " + e.getMessage(), e);
        }
    }
}
