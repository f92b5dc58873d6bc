package io.chorus.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.core.Message;
import io.chorus.server.ClusterConfig;
import io.chorus.support.NodeProcess;
import io.chorus.support.Services;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.TestUser;
import io.chorus.support.TestServer.TestZone;
import io.chorus.support.WsClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node killed with SIGKILL while clients send through it: nothing it acknowledged is lost, and a client that
 * was connected to it recovers what it missed from another node.
 */
class NodeFailureTest {

    @Test
    void acknowledgedMessagesSurviveASigkilledNode() throws Exception {
        Services.requireNats();
        try (Services.PostgresDatabase db = Services.postgresDatabase()) {
            String cluster = Services.uniquePrefix();
            try (TestServer two = TestServer.start(c -> c.withCluster(new ClusterConfig("postgres", db.url(), "nats",
                         Services.NATS_URL, cluster, "node-2")));
                 TestServer three = TestServer.start(c -> c.withCluster(new ClusterConfig("postgres", db.url(), "nats",
                         Services.NATS_URL, cluster, "node-3")))) {
                TestZone zone = two.zone("failover");
                List<TestUser> senders = List.of(two.user("s1", zone.id(), "Member"), two.user("s2", zone.id(), "Member"),
                        two.user("s3", zone.id(), "Member"));
                TestUser watcher = two.user("watcher", zone.id(), "Member");
                TestUser roamer = two.user("roamer", zone.id(), "Member");
                NodeProcess one = NodeProcess.start("--store", "postgres", "--pg-url", db.url(), "--broker", "nats",
                        "--nats-url", Services.NATS_URL, "--cluster-name", cluster, "--node-name", "node-1");
                try (WsClient onTwo = ClusterTestSupport.subscriber(two, zone, watcher);
                     WsClient onThree = ClusterTestSupport.subscriber(three, zone, watcher);
                     WsClient roamerOnOne = ClusterTestSupport.subscriber(one.wsUri("/api/json_rpc/ws"), zone, roamer)) {
                    // The roamer saw the channel up to here on node 1.
                    ClusterTestSupport.send(two, zone, watcher, "before-kill");
                    JsonNode seen = roamerOnOne.awaitPush(10).get("result").get("messages").get(0);
                    long roamerOffset = seen.get("offset").asLong();
                    String epoch = three.server().core().directory().channel(zone.generalChannel()).orElseThrow().epoch();

                    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
                    List<Thread> threads = new ArrayList<>();
                    for (TestUser s : senders) {
                        threads.add(Thread.ofVirtual().start(() -> {
                            try (WsClient ws = ClusterTestSupport.authenticated(one.wsUri("/api/json_rpc/ws"), s)) {
                                for (int i = 0; ; i++) {
                                    String text = "kill-" + s.username() + "-" + i;
                                    JsonNode r = ws.call("send_message", "[\"" + zone.id() + "\",\"" + zone.generalChannel()
                                            + "\",\"" + text + "\"]");
                                    if (!r.has("result")) break;
                                    acknowledged.add(text);
                                }
                            } catch (AssertionError | RuntimeException connectionGone) {
                                // The node died under us: what was acknowledged before is what counts.
                            }
                        }));
                    }
                    while (acknowledged.size() < 150) Thread.sleep(5);
                    one.kill();
                    for (Thread t : threads) t.join();
                    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(150);

                    // Every acknowledged message is in history...
                    List<Message> history = two.server().core().store().messagesAfterOffset(zone.generalChannel(), 0, 100_000);
                    Set<String> stored = history.stream().map(Message::text).collect(Collectors.toSet());
                    assertThat(stored).containsAll(acknowledged);
                    // ... and reached the surviving nodes' subscribers.
                    for (WsClient ws : List.of(onTwo, onThree)) {
                        Set<String> got = new HashSet<>();
                        while (!got.containsAll(acknowledged)) {
                            for (JsonNode m : ws.awaitPush(10).get("result").get("messages")) got.add(m.get("message").asText());
                        }
                    }

                    // The roamer reconnects to node 3 and recovers everything after what it saw on node 1.
                    try (WsClient again = ClusterTestSupport.authenticated(three.wsUri("/api/json_rpc/ws"), roamer)) {
                        JsonNode r = again.call("subscribe_channel", "{\"zone_id\":\"" + zone.id() + "\",\"channel_id\":\""
                                + zone.generalChannel() + "\",\"since\":{\"offset\":" + roamerOffset + ",\"epoch\":\"" + epoch + "\"}}");
                        assertThat(r.get("result").get("recovered").asBoolean()).as(r.toString()).isTrue();
                        Set<String> recovered = new HashSet<>();
                        long expected = history.size() - roamerOffset;
                        while (recovered.size() < expected) {
                            for (JsonNode m : again.awaitPush(10).get("result").get("messages")) recovered.add(m.get("message").asText());
                        }
                        assertThat(recovered).containsAll(acknowledged);
                    }
                } finally {
                    one.close();
                }
            }
        }
    }
}
