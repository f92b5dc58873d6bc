package io.chorus.transport;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.TestUser;
import io.chorus.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscriber that stops reading for a while gets every message once it reads again: its frames wait in the
 * outbox backlog while the socket is not writable, and are written when it drains (below the outbound-queue bound,
 * so it is not dropped as a slow consumer).
 */
class SlowReaderTest {
    static TestServer server;

    @BeforeAll
    static void start() { server = TestServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    @Test
    void aPausedReaderCatchesUpWhenItReadsAgain() throws Exception {
        TestServer.TestZone zone = server.zone("slow");
        TestUser sender = server.user("fast", zone.id(), "Owner");
        TestUser reader = server.user("slow", zone.id(), "Member");
        String big = "x".repeat(60_000);
        int count = 200; // ~12 MB: more than loopback socket buffers hold, far fewer frames than the outbound queue
        try (WsClient ws = new WsClient(server.wsUri("/api/json_rpc/ws"))) {
            assertThat(ws.call("authenticate", "[\"" + reader.token() + "\"]").get("result").asText()).isEqualTo("Authentication successful");
            assertThat(ws.call("subscribe_channel", "[\"" + zone.id() + "\",\"" + zone.generalChannel() + "\"]").get("result").asText())
                    .isEqualTo("Subscribed");
            ws.pause();
            for (int i = 0; i < count; i++) {
                JsonNode r = server.rpc(sender.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + zone.id()
                        + "\",\"general\",\"" + i + big + "\"],\"id\":1}").json();
                assertThat(r.has("result")).as(r.toString()).isTrue();
            }
            Thread.sleep(500);
            ws.resume();
            Set<String> seen = new HashSet<>();
            while (seen.size() < count) {
                for (JsonNode m : ws.awaitPush(20).get("result").get("messages")) {
                    String text = m.get("message").asText();
                    seen.add(text.substring(0, text.length() - big.length()));
                }
            }
            assertThat(seen).hasSize(count);
            assertThat(ws.closed).isNotDone();
        }
    }
}
