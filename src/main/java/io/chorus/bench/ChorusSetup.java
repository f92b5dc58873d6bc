package io.chorus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Creates, through the admin API, the zone, users, tokens and channels a run needs. */
final class ChorusSetup {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String adminToken;
    private final HttpClient http = HttpClient.newHttpClient();
    final String zoneId;
    final String generalChannel;
    final List<String> tokens = new ArrayList<>();

    ChorusSetup(URI base, String adminToken, int users) {
        this.base = base;
        this.adminToken = adminToken;
        String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        JsonNode zone = call("POST", "/admin/zones", "{\"name\":\"bench " + run + "\",\"id\":\"bench-" + run + "\"}");
        zoneId = zone.get("id").asText();
        generalChannel = zone.get("channels").get(0).get("id").asText();
        for (int i = 0; i < users; i++) {
            String id = call("POST", "/admin/users", "{\"username\":\"bench-" + run + "-" + i + "\"}").get("id").asText();
            call("PUT", "/admin/zones/" + zoneId + "/members/" + id, "{\"role\":\"Member\"}");
            call("POST", "/admin/users/" + id + "/remote-api", "{\"action\":\"enable\"}");
            tokens.add(call("POST", "/admin/users/" + id + "/remote-api", "{\"action\":\"generate-token\"}").get("token").asText());
        }
    }

    String createChannel(String name) {
        return call("POST", "/admin/zones/" + zoneId + "/channels", "{\"name\":\"" + name + "\"}").get("id").asText();
    }

    private JsonNode call(String method, String path, String body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", "Bearer " + adminToken).method(method, HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
            return JSON.readTree(r.body());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("admin API at " + base + " unreachable: " + e.getMessage(), e);
        }
    }
}
