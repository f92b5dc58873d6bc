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

/**
 * What a run against Chorus's Socket.IO chat API needs: accounts made with the chat's own {@code POST /new}, and
 * open channels of the default zone (made through the admin API, as the chat API itself only creates DMs).
 */
final class ChatSetup {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String adminToken;
    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private final HttpClient http = HttpClient.newHttpClient();
    final List<String> tokens = new ArrayList<>();

    ChatSetup(URI base, String adminToken, int users) {
        this.base = base;
        this.adminToken = adminToken;
        for (int i = 0; i < users; i++) {
            tokens.add(call("/new", "{\"username\":\"bench " + run + " " + i + "\"}", null).get("token").asText());
        }
    }

    String createChannel(String name) {
        return call("/admin/zones/default/channels", "{\"name\":\"bench-" + run + "-" + name + "\"}", "Bearer " + adminToken)
                .get("id").asText();
    }

    private JsonNode call(String path, String body, String authorization) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (authorization != null) b.header("Authorization", authorization);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) throw new IllegalStateException("POST " + path + ": " + r.statusCode() + " " + r.body());
            return JSON.readTree(r.body());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("Chorus at " + base + " unreachable: " + e.getMessage(), e);
        }
    }
}
