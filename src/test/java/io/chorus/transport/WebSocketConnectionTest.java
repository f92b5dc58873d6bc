package io.chorus.transport;

import io.chorus.support.TestServer;
import io.chorus.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebSocket layer Chorus runs below every API (taken over from Vert.x after the handshake): the protocol duties
 * a client relies on, seen through a real client (the JDK's) and raw handshakes.
 */
class WebSocketConnectionTest {
    static TestServer server;

    @BeforeAll
    static void start() { server = TestServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    @Test
    void aPingIsAnsweredWithItsPayload() throws Exception {
        try (WsClient ws = new WsClient(server.wsUri("/api/json_rpc/ws"))) {
            ws.socket().sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).join();
            assertThat(ws.pongs.poll(5, TimeUnit.SECONDS)).isEqualTo("are you there");
        }
    }

    @Test
    void aMessageInContinuationFramesIsOneRequest() throws Exception {
        try (WsClient ws = new WsClient(server.wsUri("/api/json_rpc/ws"))) {
            ws.socket().sendText("{\"jsonrpc\":\"2.0\",", false).join();
            ws.socket().sendText("\"method\":\"ping\",", false).join();
            ws.socket().sendText("\"id\":7}", true).join();
            // One JSON-RPC request came of the three frames (refused before authentication, with its id).
            assertThat(ws.nextRaw(5)).contains("\"id\":7", "not_authenticated");
        }
    }

    @Test
    void theClientsCloseIsEchoedWithItsCode() throws Exception {
        try (WsClient ws = new WsClient(server.wsUri("/api/json_rpc/ws"))) {
            ws.socket().sendClose(4000, "done").join();
            assertThat(ws.closed.get(5, TimeUnit.SECONDS)[0]).isEqualTo(4000);
        }
    }

    @Test
    void framesSentBackToBackAreAnsweredInOrder() throws Exception {
        try (WsClient ws = new WsClient(server.wsUri("/api/json_rpc/ws"))) {
            // Each is refused (not authenticated yet) with its id; what matters is that none overtakes another.
            for (int i = 1; i <= 300; i++) ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":" + i + "}");
            List<Integer> ids = new ArrayList<>();
            for (int i = 1; i <= 300; i++) ids.add(TestServer.JSON.readTree(ws.nextRaw(10)).get("id").asInt());
            assertThat(ids).isSorted().hasSize(300).doesNotHaveDuplicates();
        }
    }

    @Test
    void anUnsupportedVersionGets426WithTheSupportedOne() throws Exception {
        String head = handshake("/api/json_rpc/ws", "12");
        assertThat(head).startsWith("HTTP/1.1 426").containsIgnoringCase("sec-websocket-version: 13");
    }

    @Test
    void anUpgradeToAPathWithoutWebSocketsIsNotFound() throws Exception {
        assertThat(handshake("/api/nowhere/ws", "13")).startsWith("HTTP/1.1 404");
    }

    @Test
    void theUpgradeIsAnswered101WithTheAcceptKey() throws Exception {
        // RFC 6455 §1.3's example key and its accept value.
        assertThat(handshake("/api/json_rpc/ws", "13")).startsWith("HTTP/1.1 101")
                .containsIgnoringCase("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
                .doesNotContainIgnoringCase("sec-websocket-extensions");
    }

    @Test
    void invalidUtf8InATextFrameClosesWith1007() throws Exception {
        assertThat(closeStatusAfter(frame(0x81, true, new byte[] {(byte) 0xC3, 0x28}))).isEqualTo(1007);
    }

    @Test
    void anUnmaskedClientFrameClosesWith1002() throws Exception {
        assertThat(closeStatusAfter(frame(0x81, false, "{}".getBytes(StandardCharsets.UTF_8)))).isEqualTo(1002);
    }

    @Test
    void aSingleFrameOverTheLimitClosesWith1009() throws Exception {
        // The Diode socket takes messages up to --max-frame-bytes (64 KiB by default).
        assertThat(closeStatusAfter(frame(0x81, true, new byte[70_000]))).isEqualTo(1009);
    }

    /** Opens a raw WebSocket to the Diode path, sends {@code frame}, and returns the status of the close frame that comes back. */
    private static int closeStatusAfter(byte[] frame) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/json_rpc/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            java.io.InputStream in = s.getInputStream();
            // Skip the 101 response head.
            for (int matched = 0; matched < 4; ) {
                int b = in.read();
                if (b < 0) throw new AssertionError("closed during the handshake");
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            out.write(frame);
            out.flush();
            while (true) {
                int opcode = in.read() & 0x0f;
                int len = in.read() & 0x7f;
                if (len == 126) len = (in.read() << 8) | in.read();
                byte[] payload = in.readNBytes(len);
                if (opcode == 0x8) return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            }
        }
    }

    /** One client frame (FIN set) with {@code firstByte}'s opcode, masked or not. */
    private static byte[] frame(int firstByte, boolean masked, byte[] payload) {
        java.io.ByteArrayOutputStream f = new java.io.ByteArrayOutputStream();
        f.write(firstByte);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            f.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            f.write(maskBit | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) f.write((int) ((long) payload.length >> shift) & 0xff);
        }
        byte[] mask = {1, 2, 3, 4};
        if (masked) f.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) f.write(masked ? payload[i] ^ mask[i % 4] : payload[i]);
        return f.toByteArray();
    }

    /** Sends a raw upgrade request (offering permessage-deflate, which Chorus declines) and returns the response head. */
    private static String handshake(String path, String version) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: " + version + "\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) head.append(line).append('\n');
            return head.toString();
        }
    }
}
