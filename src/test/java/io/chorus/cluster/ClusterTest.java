package io.chorus.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.server.ClusterConfig;
import io.chorus.support.Services;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.TestUser;
import io.chorus.support.TestServer.TestZone;
import io.chorus.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes in one test run, sharing one PostgreSQL database and one NATS (subjects under a prefix made for the
 * run): what a client does on one node is seen by clients of every other.
 */
class ClusterTest {
    static Services.PostgresDatabase database;
    static String cluster;
    static final List<TestServer> nodes = new ArrayList<>();
    static TestZone zone;
    static TestUser alice;
    static TestUser bob;
    static TestUser carol;

    @BeforeAll
    static void startThreeNodes() {
        Services.requireNats();
        database = Services.postgresDatabase();
        cluster = Services.uniquePrefix();
        for (int i = 1; i <= 3; i++) nodes.add(TestServer.start(c -> c.withCluster(clusterConfig(nodes.size() + 1))));
        zone = node(1).zone("cluster");
        alice = node(1).user("alice", zone.id(), "Owner");
        bob = node(1).user("bob", zone.id(), "Member");
        carol = node(1).user("carol", zone.id(), "Member");
    }

    static ClusterConfig clusterConfig(int n) {
        return new ClusterConfig("postgres", database.url(), "nats", Services.NATS_URL, cluster, "node-" + n);
    }

    @AfterAll
    static void stop() {
        nodes.forEach(TestServer::close);
        if (database != null) database.close();
    }

    static TestServer node(int n) { return nodes.get(n - 1); }

    static WsClient subscriber(TestServer node, TestUser u) { return ClusterTestSupport.subscriber(node, zone, u); }

    static JsonNode send(TestServer node, TestUser u, String text) { return ClusterTestSupport.send(node, zone, u, text); }

    static List<JsonNode> receive(WsClient ws, int count, String prefix) {
        List<JsonNode> got = new ArrayList<>();
        while (got.size() < count) {
            for (JsonNode m : ws.awaitPush(10).get("result").get("messages")) {
                if (m.get("message").asText().startsWith(prefix)) got.add(m);
            }
        }
        return got;
    }

    @Test
    void messagesSentOnEachNodeReachSubscribersOnEveryNodeInOrder() {
        try (WsClient onOne = subscriber(node(1), alice); WsClient onTwo = subscriber(node(2), bob);
             WsClient onThree = subscriber(node(3), carol)) {
            // Acknowledged one after another across the nodes: every subscriber sees them in that order.
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int n = i % 3 + 1;
                TestUser sender = n == 1 ? alice : n == 2 ? bob : carol;
                String text = "order-" + i;
                assertThat(send(node(n), sender, text).has("result")).isTrue();
                sent.add(text);
            }
            List<WsClient> all = List.of(onOne, onTwo, onThree);
            for (int w = 0; w < all.size(); w++) {
                List<JsonNode> got = receive(all.get(w), 30, "order-");
                assertThat(got).as("subscriber on node " + (w + 1)).extracting(m -> m.get("message").asText())
                        .containsExactlyElementsOf(sent);
                long last = 0;
                for (JsonNode m : got) {
                    assertThat(m.get("offset").asLong()).isGreaterThan(last);
                    last = m.get("offset").asLong();
                }
            }
        }
    }

    @Test
    void concurrentSendersOnThreeNodesShareOneGaplessSequence() throws Exception {
        try (WsClient watcher = subscriber(node(2), alice)) {
            List<Thread> senders = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                int node = n;
                TestUser u = n == 1 ? alice : n == 2 ? bob : carol;
                senders.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 40; i++) assertThat(send(node(node), u, "busy-" + node + "-" + i).has("result")).isTrue();
                }));
            }
            for (Thread t : senders) t.join();
            List<JsonNode> got = receive(watcher, 120, "busy-");
            // Each sender's messages arrive in the order it sent them, with the channel's offsets rising.
            for (int n = 1; n <= 3; n++) {
                String p = "busy-" + n + "-";
                List<String> mine = got.stream().map(m -> m.get("message").asText()).filter(t -> t.startsWith(p)).toList();
                assertThat(mine).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40).mapToObj(i -> p + i).toList());
            }
            List<Long> offsets = got.stream().map(m -> m.get("offset").asLong()).sorted().toList();
            for (int i = 1; i < offsets.size(); i++) assertThat(offsets.get(i)).isEqualTo(offsets.get(i - 1) + 1);
        }
    }

    @Test
    void historyReadsTheSameOnEveryNode() {
        for (int i = 0; i < 5; i++) send(node(i % 3 + 1), alice, "history-" + i);
        List<String> views = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            try (WsClient ws = subscriber(node(n), bob)) {
                JsonNode r = ws.call("get_messages", "[\"" + zone.id() + "\",\"" + zone.generalChannel() + "\"]");
                views.add(r.get("result").get("messages").toString());
            }
        }
        assertThat(views.get(0)).contains("history-4");
        assertThat(views).containsOnly(views.get(0));
    }

    @Test
    void aChatCommandOnOneNodeRevokesTheTokenOnEveryNode() {
        TestUser dave = node(1).user("dave", zone.id(), "Member");
        try (WsClient onThree = subscriber(node(3), dave)) {
            JsonNode reply = send(node(2), dave, "/sysconfig remote-api generate-token");
            assertThat(reply.get("result").asText()).contains("replaces the previous one");
            // The old token's session on another node is closed, and the old token is refused everywhere.
            assertThat(onThree.closed).succeedsWithin(Duration.ofSeconds(5));
            for (int n = 1; n <= 3; n++) {
                TestServer node = node(n);
                await().atMost(Duration.ofSeconds(5)).until(() -> node.rpc(dave.token(),
                        "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}").status() == 401);
            }
            // The new token reached every node's directory and works there.
            String fresh = node(2).server().core().directory().user(dave.id()).orElseThrow().remoteApiToken();
            for (int n = 1; n <= 3; n++) {
                TestServer node = node(n);
                await().atMost(Duration.ofSeconds(5)).until(() -> node.rpc(fresh,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}").status() == 200);
            }
        }
    }

    @Test
    void leavingTheZoneOnOneNodeEndsSubscriptionsOnAnother() {
        TestUser erin = node(1).user("erin", zone.id(), "Member");
        try (WsClient onTwo = subscriber(node(2), erin)) {
            assertThat(node(3).admin("DELETE", "/admin/zones/" + zone.id() + "/members/" + erin.id(), null).status())
                    .isIn(200, 204);
            await().atMost(Duration.ofSeconds(5)).until(() -> node(2).server().core().directory()
                    .member(zone.id(), erin.id()).isEmpty());
            send(node(1), alice, "after-erin-left");
            assertThat(onTwo.drain(n -> n.toString().contains("after-erin-left"), 500)).isEmpty();
        }
    }

    @Test
    void healthReportsTheSharedStoreAndTheBroker() {
        for (int n = 1; n <= 3; n++) {
            JsonNode h = node(n).request("GET", "/health", null, Map.of()).json();
            assertThat(h.get("status").asText()).isEqualTo("ok");
            assertThat(h.get("node").asText()).isEqualTo("node-" + n);
            assertThat(h.get("store").get("kind").asText()).isEqualTo("postgres");
            assertThat(h.get("broker").get("kind").asText()).isEqualTo("nats");
            assertThat(h.get("broker").get("status").asText()).isEqualTo("connected");
        }
        assertThat(node(1).request("GET", "/metrics", null, Map.of()).body()).contains("chorus_broker_up{kind=\"nats\"} 1");
    }

    @Test
    void theLoadToolFansOutAcrossNodes() throws Exception {
        java.nio.file.Path out = java.nio.file.Files.createTempDirectory("bench-cluster");
        assertThat(io.chorus.server.Main.run(new String[]{"bench", "fanout", "--subscribers", "20", "--rates", "20",
                "--step-seconds", "1", "--warmup-seconds", "0.5", "--url", node(1).baseUrl(), "--publish-url",
                node(2).baseUrl(), "--admin-token", TestServer.ADMIN_TOKEN, "--out", out.toString()})).isZero();
        try (var files = java.nio.file.Files.list(out)) {
            JsonNode r = TestServer.JSON.readTree(files.findFirst().orElseThrow().toFile());
            assertThat(r.get("parameters").get("publish_node").asText()).isEqualTo(node(2).baseUrl());
            assertThat(r.get("steps").get(0).get("deliveries").asLong()).isPositive();
        }
    }
}
