package io.chorus.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin HTTP API and the `chorus admin` CLI against a real server. */
public class AdminApiTest {
    static TestServer server;

    @BeforeAll
    static void start() { server = TestServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    @Test
    void usersZonesChannelsMembersAndTokens() {
        TestServer.Response created = server.admin("POST", "/admin/users", "{\"username\":\"erin\",\"nickname\":\"Erin\",\"password\":\"correct horse\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode u = created.json();
        assertThat(u.get("username").asText()).isEqualTo("erin");
        assertThat(u.get("nickname").asText()).isEqualTo("Erin");
        assertThat(u.get("address").asText()).matches("0x[0-9a-f]{40}");
        assertThat(server.admin("POST", "/admin/users", "{\"username\":\"ERIN\"}").status()).isEqualTo(409);
        assertThat(server.admin("POST", "/admin/users", "{\"username\":\"bad name!\"}").status()).isEqualTo(400);
        assertThat(server.admin("POST", "/admin/users", "{\"username\":5}").status()).isEqualTo(400);
        assertThat(server.admin("POST", "/admin/users", "not json").status()).isEqualTo(400);

        TestServer.Response zone = server.admin("POST", "/admin/zones", "{\"name\":\"Ops\",\"id\":\"ops\"}");
        assertThat(zone.status()).isEqualTo(201);
        assertThat(zone.json().get("id").asText()).isEqualTo("ops");
        assertThat(zone.json().get("channels").get(0).get("name").asText()).isEqualTo("general");
        assertThat(server.admin("POST", "/admin/zones", "{\"name\":\"Ops\",\"id\":\"ops\"}").status()).isEqualTo(409);

        TestServer.Response channel = server.admin("POST", "/admin/zones/ops/channels", "{\"name\":\"alerts\"}");
        assertThat(channel.status()).isEqualTo(201);
        assertThat(channel.json().get("name").asText()).isEqualTo("alerts");
        assertThat(server.admin("POST", "/admin/zones/nope/channels", "{\"name\":\"x\"}").status()).isEqualTo(404);

        String userId = u.get("id").asText();
        assertThat(server.admin("PUT", "/admin/zones/ops/members/" + userId, "{\"role\":\"Admin\"}").status()).isEqualTo(200);
        assertThat(server.admin("PUT", "/admin/zones/ops/members/" + userId, "{\"role\":\"King\"}").status()).isEqualTo(400);
        assertThat(server.admin("PUT", "/admin/zones/ops/members/nobody", "{\"role\":\"Member\"}").status()).isEqualTo(404);
        JsonNode detail = server.admin("GET", "/admin/zones/ops", null).json();
        assertThat(detail.get("channels")).hasSize(2);
        assertThat(detail.get("members").get(0).get("role").asText()).isEqualTo("Admin");

        JsonNode status = server.admin("POST", "/admin/users/" + userId + "/remote-api", "{\"action\":\"status\"}").json();
        assertThat(status.get("enabled").asBoolean()).isFalse();
        assertThat(status.has("token")).isFalse();
        JsonNode gen = server.admin("POST", "/admin/users/" + userId + "/remote-api", "{\"action\":\"generate-token\"}").json();
        assertThat(gen.get("token").asText()).hasSizeGreaterThan(30);
        assertThat(server.admin("POST", "/admin/users/" + userId + "/remote-api", "{\"action\":\"fly\"}").status()).isEqualTo(400);
        assertThat(server.admin("GET", "/admin/users", null).json().get("users").toString()).contains("erin");
        assertThat(server.admin("GET", "/admin/zones", null).json().get("zones").toString()).contains("ops", "default");
    }

    @Test
    void everyAdminRouteNeedsTheAdminToken() {
        assertThat(server.request("GET", "/admin/users", null, Map.of()).status()).isEqualTo(401);
        TestServer.Response wrong = server.request("GET", "/admin/users", null, Map.of("Authorization", "Bearer nope"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void healthAndMetrics() {
        JsonNode health = server.request("GET", "/health", null, Map.of()).json();
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("store").get("ok").asBoolean()).isTrue();
        assertThat(health.has("version")).isTrue();
        String metrics = server.request("GET", "/metrics", null, Map.of()).body();
        assertThat(metrics).contains("chorus_connections{api=\"diode\"}", "chorus_messages_accepted_total",
                "chorus_deliveries_total", "chorus_slow_consumers_dropped_total", "chorus_store_batch_size",
                "chorus_store_commit_seconds");
    }

    @Test
    void theCliDrivesTheSameApi() {
        String base = "--url=" + server.baseUrl();
        String token = "--token=" + TestServer.ADMIN_TOKEN;
        Run created = cli("admin", "users", "create", "frank", "--nickname", "Frank", base, token);
        assertThat(created.code).isZero();
        assertThat(created.out).startsWith("created user frank").contains("address=0x");
        Run list = cli("admin", "users", "list", base, token);
        assertThat(list.out).contains("USERNAME", "frank");
        Run zone = cli("admin", "zones", "create", "Lab", "--id", "lab", base, token);
        assertThat(zone.out).contains("id=lab");
        String frankId = null;
        for (JsonNode u : server.admin("GET", "/admin/users", null).json().get("users")) {
            if (u.get("username").asText().equals("frank")) frankId = u.get("id").asText();
        }
        assertThat(cli("admin", "members", "set", "lab", frankId, "Member", base, token).code).isZero();
        assertThat(cli("admin", "channels", "create", "lab", "bench", base, token).out).contains("created channel bench");
        assertThat(cli("admin", "zones", "show", "lab", base, token).out).contains("bench", "frank", "Member");
        Run gen = cli("admin", "remote-api", frankId, "generate-token", base, token);
        assertThat(gen.out).contains("token: ");
        Run dup = cli("admin", "users", "create", "frank", base, token);
        assertThat(dup.code).isEqualTo(1);
        assertThat(dup.err).contains("409");
        Run unreachable = cli("admin", "users", "list", "--url=http://127.0.0.1:1", token);
        assertThat(unreachable.code).isEqualTo(2);
        assertThat(unreachable.err.strip()).doesNotContain("\n").contains("cannot reach");
    }

    public record Run(int code, String out, String err) {}

    public static synchronized Run cli(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
