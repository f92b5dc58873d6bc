package io.chorus.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a Chat21 run needs: tokens signed with the server's Chat21 secret, as Tiledesk mints them (HS256, {@code sub},
 * {@code app_id}, {@code tiledesk_api_roles}), one user per load-tool client ({@code <run>-<client index>}), and
 * groups made over REST ({@code POST /api/<app>/groups}) by an admin with those users as members.
 */
final class Chat21Setup {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String secret;
    private final String adminToken;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String run = "b" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    final String app;

    Chat21Setup(URI base, String app, String secret) {
        this.base = base;
        this.app = app;
        this.secret = secret;
        this.adminToken = token("100-APIADMIN", "admin");
    }

    String user(int client) { return run + "-" + client; }

    MqttBenchClient.Chat21 client(int client) {
        String user = user(client);
        return new MqttBenchClient.Chat21(app, user, token(user, "user"));
    }

    /** A group whose members are the users of clients {@code first} to {@code first + count - 1}; returns its id. */
    String createGroup(String name, int first, int count) {
        ObjectNode body = JSON.createObjectNode().put("group_id", "group-" + run + "-" + name).put("group_name", name);
        ObjectNode members = body.putObject("group_members");
        for (int i = first; i < first + count; i++) members.put(user(i), 1);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/" + app + "/groups"))
                    .header("Authorization", adminToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) throw new IllegalStateException("POST /api/" + app + "/groups: " + r.statusCode() + " " + r.body());
            return JSON.readTree(r.body()).path("group").path("uid").asText();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("Chorus at " + base + " unreachable: " + e.getMessage(), e);
        }
    }

    private String token(String sub, String role) {
        long now = System.currentTimeMillis() / 1000;
        // A day: long enough for any run; the server checks exp at CONNECT only.
        String claims = "{\"sub\":\"" + sub + "\",\"user_id\":\"" + sub + "\",\"app_id\":\"" + app + "\",\"iat\":" + now
                + ",\"exp\":" + (now + 86_400) + ",\"tiledesk_api_roles\":\"" + role + "\"}";
        String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] b) { return Base64.getUrlEncoder().withoutPadding().encodeToString(b); }
}
