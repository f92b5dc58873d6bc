package io.chorus.api.socketio;

import io.chorus.support.NodeClients;
import io.chorus.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official npm clients against a real server: socket.io-client 4.x (Socket.IO v5 over Engine.IO v4) and 2.x
 * (protocol v4 over Engine.IO v3), over polling, WebSocket and the upgrade between them: events, acknowledgements
 * both ways, binary, namespaces, middleware, rooms and connection state recovery. The scripts are in src/test/node.
 */
class SocketIoClientsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestNamespaces.startServer();
    }

    @AfterAll
    static void stop() { server.close(); }

    @Test
    void socketIoClient4() {
        String out = NodeClients.run("socketio-v4.mjs", server.baseUrl());
        assertThat(out).contains("ok echo over polling then WebSocket", "ok echo over WebSocket", "ok echo over polling",
                "ok custom namespace with auth", "ok middleware refusal and unknown namespace",
                "ok handshake headers reach the middleware", "ok server acknowledgement round trip",
                "ok room broadcast over WebSocket and polling", "ok connection state recovery");
    }

    @Test
    void socketIoClient2() {
        String out = NodeClients.run("socketio-v2.cjs", server.baseUrl());
        assertThat(out).contains("ok v2 echo over polling then WebSocket", "ok v2 echo over WebSocket",
                "ok v2 echo over polling", "ok v2 namespaces, query auth and middleware", "ok v2 rooms");
    }
}
