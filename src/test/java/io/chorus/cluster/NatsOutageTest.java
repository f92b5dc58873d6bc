package io.chorus.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.server.ClusterConfig;
import io.chorus.support.Services;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.TestUser;
import io.chorus.support.TestServer.TestZone;
import io.chorus.support.WsClient;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * NATS goes away for a few seconds (a nats-server of the test's own, so the machine's stays up): nodes keep
 * serving their own subscribers, report degraded health, and deliver across nodes again once it is back.
 */
class NatsOutageTest {
    static Process natsServer(int port) throws Exception {
        Process p = new ProcessBuilder(Services.NATS_SERVER.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Services.listening(port));
        return p;
    }

    static String health(TestServer node) {
        return node.request("GET", "/health", null, Map.of()).json().get("status").asText();
    }

    @Test
    void nodesRideOutANatsOutage() throws Exception {
        Services.require("nats-server at " + Services.NATS_SERVER, Files.isExecutable(Services.NATS_SERVER));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process nats = natsServer(port);
        String url = "nats://127.0.0.1:" + port;
        try (Services.PostgresDatabase db = Services.postgresDatabase();
             TestServer one = TestServer.start(c -> c.withCluster(new ClusterConfig("postgres", db.url(), "nats", url, "outage", "node-1")));
             TestServer two = TestServer.start(c -> c.withCluster(new ClusterConfig("postgres", db.url(), "nats", url, "outage", "node-2")))) {
            TestZone zone = one.zone("outage");
            TestUser alice = one.user("alice", zone.id(), "Member");
            TestUser bob = one.user("bob", zone.id(), "Member");
            try (WsClient onOne = ClusterTestSupport.subscriber(one, zone, bob);
                 WsClient onTwo = ClusterTestSupport.subscriber(two, zone, bob)) {
                ClusterTestSupport.send(one, zone, alice, "while-up");
                assertThat(text(onTwo)).isEqualTo("while-up");
                assertThat(text(onOne)).isEqualTo("while-up");

                nats.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(10)).until(() -> health(one).equals("degraded") && health(two).equals("degraded"));
                assertThat(one.request("GET", "/metrics", null, Map.of()).body()).contains("chorus_broker_up{kind=\"nats\"} 0");
                // Local subscribers are still served, and sends are still acknowledged and stored.
                assertThat(ClusterTestSupport.send(one, zone, alice, "while-down").has("result")).isTrue();
                assertThat(text(onOne)).isEqualTo("while-down");

                nats = natsServer(port);
                await().atMost(Duration.ofSeconds(15)).until(() -> health(one).equals("ok") && health(two).equals("ok"));
                ClusterTestSupport.send(one, zone, alice, "after-return");
                // What was sent during the outage may arrive late or be recovered from history; what is sent now arrives.
                String got;
                do got = text(onTwo); while (!got.equals("after-return"));
                assertThat(one.server().core().store().messagesAfterOffset(zone.generalChannel(), 0, 10))
                        .extracting(io.chorus.core.Message::text).containsExactly("while-up", "while-down", "after-return");
            }
        } finally {
            nats.destroyForcibly();
        }
    }

    private static String text(WsClient ws) {
        JsonNode push = ws.awaitPush(10);
        return push.get("result").get("messages").get(0).get("message").asText();
    }
}
