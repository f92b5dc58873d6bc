package io.chorus.api.socketio.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.socketio.SocketIoOptions;
import io.chorus.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engine.IO over real sockets, against the raw echo endpoint of conformance mode (pingInterval 300, pingTimeout
 * 200): polling, WebSocket, the upgrade, heartbeat, errors in Engine.IO's own format, limits and CORS.
 */
class EngineIoTransportTest {
    static TestServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() { server = start(0); }

    /** Conformance timings, maxPayload 4096, CORS for https://app.example, and that many sessions per address. */
    static TestServer start(int maxSessionsPerAddress) {
        return TestServer.start(c -> {
            SocketIoOptions conf = SocketIoOptions.conformance(c.socketIo());
            EngineIoOptions e = conf.engine();
            return c.withSocketIo(new SocketIoOptions(new EngineIoOptions(e.pingIntervalMs(), e.pingTimeoutMs(), 4096,
                    e.upgradeTimeoutMs(), true, List.of("https://app.example"), maxSessionsPerAddress, e.outboundQueue()),
                    conf.connectTimeoutMs(), conf.recoveryWindowMs(), conf.recoveryBuffer(), true));
        });
    }

    @AfterAll
    static void stop() { server.close(); }

    static HttpResponse<String> get(String query, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/engine.io/?" + query));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String query, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/engine.io/?" + query))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String open(int eio) throws Exception {
        HttpResponse<String> r = get("EIO=" + eio + "&transport=polling" + (eio == 3 ? "&b64=1" : ""));
        assertThat(r.statusCode()).isEqualTo(200);
        String body = eio == 3 ? r.body().substring(r.body().indexOf(':') + 1) : r.body();
        return TestServer.JSON.readTree(body.substring(1)).get("sid").asText();
    }

    @Test
    void handshakeHasExactlyTheProtocolFields() throws Exception {
        HttpResponse<String> r = get("EIO=4&transport=polling");
        assertThat(r.body()).startsWith("0");
        JsonNode open = TestServer.JSON.readTree(r.body().substring(1));
        assertThat(open.fieldNames()).toIterable().containsExactly("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
        assertThat(open.get("upgrades").toString()).isEqualTo("[\"websocket\"]");
        assertThat(open.get("pingInterval").asInt()).isEqualTo(300);
        assertThat(open.get("maxPayload").asInt()).isEqualTo(4096);
    }

    @Test
    void badRequestsGetEngineIoErrors() throws Exception {
        assertThat(get("EIO=5&transport=polling").body()).isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        assertThat(get("EIO=4&transport=carrier-pigeon").body()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
        assertThat(get("EIO=4&transport=polling&sid=nope").statusCode()).isEqualTo(400);
        assertThat(get("EIO=4&transport=polling&sid=nope").body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        HttpResponse<String> postHandshake = post("EIO=4&transport=polling", "");
        assertThat(postHandshake.statusCode()).isEqualTo(400);
        assertThat(postHandshake.body()).contains("\"code\":2");
    }

    @Test
    void pollingEchoesTextAndBinaryAndEndsOnGarbage() throws Exception {
        String sid = open(4);
        String q = "EIO=4&transport=polling&sid=" + sid;
        assertThat(post(q, "4hello\u001ebAQIDBA==").body()).isEqualTo("ok");
        assertThat(get(q).body()).isEqualTo("4hello\u001ebAQIDBA==");
        assertThat(post(q, "garbage").statusCode()).isEqualTo(400);
        assertThat(get(q).statusCode()).as("the session is gone").isEqualTo(400);
    }

    @Test
    void v3PollingUsesLengthPrefixesAndClientPings() throws Exception {
        String sid = open(3);
        String q = "EIO=3&transport=polling&sid=" + sid;
        assertThat(post(q, "6:4hello1:2").body()).isEqualTo("ok");
        assertThat(get(q).body()).isEqualTo("6:4hello1:3");
        Thread.sleep(700);
        assertThat(post(q, "1:2").statusCode()).as("no ping within interval + timeout").isEqualTo(400);
    }

    @Test
    void v3ClientPingsKeepTheSessionPastOneTimeout() throws Exception {
        String sid = open(3);
        String q = "EIO=3&transport=polling&sid=" + sid;
        // Interval + timeout is 500 ms here; a ping every 250 ms moves the deadline past each firing of the timer.
        for (int i = 0; i < 5; i++) {
            Thread.sleep(250);
            assertThat(post(q, "1:2").body()).as("ping %d accepted", i).isEqualTo("ok");
            assertThat(get(q).body()).isEqualTo("1:3");
        }
    }

    @Test
    void oversizedPostIsRefusedAndEndsTheSession() throws Exception {
        String sid = open(4);
        String q = "EIO=4&transport=polling&sid=" + sid;
        assertThat(post(q, "4" + "x".repeat(5000)).statusCode()).isEqualTo(413);
        assertThat(get(q).statusCode()).isEqualTo(400);
    }

    @Test
    void heartbeatTimesOutASilentClient() throws Exception {
        String sid = open(4);
        String q = "EIO=4&transport=polling&sid=" + sid;
        assertThat(get(q).body()).isEqualTo("2");
        Thread.sleep(400);
        assertThat(get(q).statusCode()).isEqualTo(400);
    }

    @Test
    void upgradesFromPollingToWebSocket() throws Exception {
        String sid = open(4);
        String q = "EIO=4&transport=polling&sid=" + sid;
        Ws ws = Ws.connect("/engine.io/?EIO=4&transport=websocket&sid=" + sid);
        ws.socket.sendText("2probe", true).join();
        assertThat(ws.next()).isEqualTo("3probe");
        assertThat(get(q).body()).as("the pending poll ends with a noop").isEqualTo("6");
        ws.socket.sendText("5", true).join();
        ws.socket.sendText("4hello", true).join();
        assertThat(ws.nextMessage()).isEqualTo("4hello");
        assertThat(get(q).statusCode()).as("polling is over").isEqualTo(400);
        ws.socket.sendBinary(ByteBuffer.wrap(new byte[] {7, 8}), true).join();
        assertThat(ws.nextMessage()).isEqualTo("binary:7,8");
        ws.socket.abort();
    }

    /**
     * The conformance suites' "ignores WebSocket connection with same sid after upgrade": the second socket is
     * refused with a close frame while still paused, and must end as soon as the client answers that close (it
     * used to stay unread until the server's one-second fallback, long enough for the session's pings to get
     * between the suite's message and its echo). The bound is that fallback, not a speed target.
     */
    @Test
    void aSecondWebSocketForAnUpgradedSessionIsClosedWhenItAnswersTheClose() throws Exception {
        String sid = open(4);
        Ws first = Ws.connect("/engine.io/?EIO=4&transport=websocket&sid=" + sid);
        first.socket.sendText("2probe", true).join();
        assertThat(first.next()).isEqualTo("3probe");
        first.socket.sendText("5", true).join();
        try (java.net.Socket second = new java.net.Socket("127.0.0.1", server.port())) {
            second.setSoTimeout(5000);
            java.io.OutputStream out = second.getOutputStream();
            java.io.InputStream in = second.getInputStream();
            out.write(("GET /engine.io/?EIO=4&transport=websocket&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String head = new String(readUntilBlankLine(in), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(head).startsWith("HTTP/1.1 101");
            assertThat(in.read() & 0x0f).as("a close frame").isEqualTo(0x8);
            byte[] payload = in.readNBytes(in.read() & 0x7f);
            assertThat(((payload[0] & 0xff) << 8) | (payload[1] & 0xff)).isEqualTo(1008);
            out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, payload[0], payload[1]}); // masked, zero key
            out.flush();
            long answered = System.nanoTime();
            assertThat(in.read()).as("the connection ends").isEqualTo(-1);
            assertThat((System.nanoTime() - answered) / 1_000_000).as("ended by the answer, not the 1 s fallback")
                    .isLessThan(700);
        }
        first.socket.sendText("4hello", true).join();
        assertThat(first.nextMessage()).as("the upgraded socket is untouched").isEqualTo("4hello");
        first.socket.abort();
    }

    private static byte[] readUntilBlankLine(java.io.InputStream in) throws java.io.IOException {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        while (!head.toString(java.nio.charset.StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new AssertionError("closed during the handshake: " + head);
            head.write(b);
        }
        return head.toByteArray();
    }

    @Test
    void webSocketOversizedMessageIsClosedWith1009() throws Exception {
        Ws ws = Ws.connect("/engine.io/?EIO=4&transport=websocket");
        assertThat(ws.next()).startsWith("0{");
        ws.socket.sendText("4" + "y".repeat(5000), true);
        assertThat(ws.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1009);
    }

    @Test
    void refusesTooManySessionsFromOneAddress() throws Exception {
        try (TestServer limited = start(2)) {
            HttpRequest handshake = HttpRequest.newBuilder(URI.create(limited.baseUrl() + "/socket.io/?EIO=4&transport=polling")).build();
            assertThat(http.send(handshake, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(handshake, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpResponse<String> third = http.send(handshake, HttpResponse.BodyHandlers.ofString());
            assertThat(third.statusCode()).isEqualTo(403);
            assertThat(third.body()).contains("\"code\":4", "Forbidden", "too many sessions");
        }
    }

    @Test
    void corsAllowsTheConfiguredOriginWithCredentials() throws Exception {
        HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/socket.io/?EIO=4&transport=polling"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
                .header("Access-Control-Request-Headers", "authorisation").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers")).hasValue("authorisation");
        HttpResponse<String> other = get("EIO=4&transport=polling&sid=x", "Origin", "https://evil.example");
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    /** A java.net.http WebSocket that queues what it receives. */
    static final class Ws implements WebSocket.Listener {
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        WebSocket socket;
        private final StringBuilder text = new StringBuilder();

        static Ws connect(String path) {
            Ws l = new Ws();
            l.socket = http.newWebSocketBuilder().buildAsync(server.wsUri(path), l).join();
            return l;
        }

        String next() throws InterruptedException {
            String s = received.poll(5, TimeUnit.SECONDS);
            assertThat(s).as("a message within 5 s").isNotNull();
            return s;
        }

        /** The next message that is not a ping. */
        String nextMessage() throws InterruptedException {
            String s;
            do {
                s = next();
            } while (s.equals("2"));
            return s;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            StringBuilder sb = new StringBuilder("binary:");
            while (data.hasRemaining()) sb.append(data.get()).append(data.hasRemaining() ? "," : "");
            received.add(sb.toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) { closeCode.completeExceptionally(error); }
    }
}
