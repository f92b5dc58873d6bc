package io.chorus.api.socketio;

import io.chorus.support.TestServer;
import io.chorus.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connect timeout (1 s in conformance mode) over a raw WebSocket: a connection that joins no namespace is
 * closed; once one has joined, the timer is gone, as Node's server clears it, so leaving every namespace afterwards
 * does not end the connection.
 */
class SocketIoConnectTimeoutTest {
    static TestServer server;

    @BeforeAll
    static void start() { server = TestNamespaces.startServer(); }

    @AfterAll
    static void stop() { server.close(); }

    private static WsClient open() throws InterruptedException {
        WsClient ws = new WsClient(URI.create(server.baseUrl().replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"));
        assertThat(ws.nextRaw(5)).startsWith("0{");
        return ws;
    }

    @Test
    void aConnectionThatJoinsNoNamespaceIsClosed() throws Exception {
        try (WsClient ws = open()) {
            ws.closed.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aConnectionThatJoinedOnceOutlivesTheTimeout() throws Exception {
        try (WsClient ws = open()) {
            ws.send("40");
            assertThat(ws.nextRaw(5)).startsWith("40{");
            ws.send("41");
            // Past the timeout, answering the server's pings (every 300 ms here) as a client does.
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2000);
            while (System.nanoTime() < until) {
                String frame = ws.nextRaw(1);
                if ("2".equals(frame)) ws.send("3");
            }
            assertThat(ws.closed).as("still open two seconds after leaving").isNotDone();
        }
    }
}
