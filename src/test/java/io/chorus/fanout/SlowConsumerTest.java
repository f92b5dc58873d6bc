package io.chorus.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.support.TestServer;
import io.chorus.support.WsClient;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A subscriber that stops reading is disconnected once its queue is full; the others keep receiving everything. */
class SlowConsumerTest {

    @Test
    void aSlowConsumerIsDroppedWhileOthersReceiveEverything() throws Exception {
        try (TestServer server = TestServer.start(c -> c.withLimits(8, 25, 0))) {
            TestServer.TestZone zone = server.zone("slow");
            TestServer.TestUser alice = server.user("alice", zone.id(), "Owner");
            TestServer.TestUser bob = server.user("bob", zone.id(), "Member");
            TestServer.TestUser sloth = server.user("sloth", zone.id(), "Member");

            Socket raw = new Socket();
            raw.setReceiveBufferSize(4096);
            raw.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            RawWebSocket slow = new RawWebSocket(raw, server.port());
            slow.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"authenticate\",\"params\":[\"" + sloth.token() + "\"],\"id\":1}");
            slow.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"subscribe_channel\",\"params\":[\"" + zone.id() + "\",\""
                    + zone.generalChannel() + "\"],\"id\":2}");

            try (WsClient fast = new WsClient(server.wsUri("/api/json_rpc/ws"))) {
                fast.call("authenticate", "[\"" + bob.token() + "\"]");
                fast.call("subscribe_channel", "[\"" + zone.id() + "\",\"" + zone.generalChannel() + "\"]");
                Thread.sleep(300); // let the raw client's subscription land before publishing
                String big = "x".repeat(40_000);
                int count = 150;
                for (int i = 0; i < count; i++) {
                    JsonNode r = server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\""
                            + zone.id() + "\",\"" + zone.generalChannel() + "\",\"" + i + big + "\"],\"id\":1}").json();
                    assertThat(r.get("result").asText()).isEqualTo("Message sent");
                }
                for (int i = 0; i < count; i++) {
                    JsonNode m = fast.awaitPush(10).get("result").get("messages").get(0);
                    assertThat(m.get("message").asText()).startsWith(String.valueOf(i));
                }
            }
            await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(server.request("GET", "/metrics", null, Map.of()).body())
                            .containsPattern("chorus_slow_consumers_dropped_total [1-9]"));
            raw.close();
        }
    }

    /** Just enough of a WebSocket client to connect and send, and then never read again. */
    static final class RawWebSocket {
        private final OutputStream out;

        RawWebSocket(Socket s, int port) throws Exception {
            out = s.getOutputStream();
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            out.write(("GET /api/json_rpc/ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
        }

        void sendText(String text) throws Exception {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            byte[] mask = {1, 2, 3, 4};
            out.write(0x81);
            if (payload.length < 126) {
                out.write(0x80 | payload.length);
            } else {
                out.write(0x80 | 126);
                out.write(payload.length >> 8);
                out.write(payload.length & 0xff);
            }
            out.write(mask);
            for (int i = 0; i < payload.length; i++) out.write(payload[i] ^ mask[i % 4]);
            out.flush();
        }
    }
}
