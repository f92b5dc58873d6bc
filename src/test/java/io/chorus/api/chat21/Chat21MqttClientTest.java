package io.chorus.api.chat21;

import io.chorus.support.NodeClients;
import io.chorus.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mqtt.js 5.16 as the reference Chat21 client uses it (src/test/node/chat21-mqtt.mjs), over MQTT's TCP port and
 * over WebSocket at /ws (the path Chat21 clients expect) and /mqtt.
 */
class Chat21MqttClientTest {
    static TestServer server;

    @BeforeAll
    static void start() { server = TestServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "/ws", "/mqtt"})
    void theChat21ClientFlowWorks(String transport) {
        String url = transport.equals("tcp") ? "mqtt://127.0.0.1:" + server.server().mqttPort()
                : "ws://127.0.0.1:" + server.port() + transport;
        String out = NodeClients.run("chat21-mqtt.mjs", url, server.baseUrl(), TestServer.CHAT21_SECRET);
        assertThat(out).contains("ok a bad token is refused, a token for an impossible app is not authorized",
                "ok connect with a JWT, presence, subscribe to the own subtree only",
                "ok outgoing → clientadded in both timelines (150 and 100)",
                "ok status 200 from the recipient → 250 receipt to the sender",
                "ok conversation update → clientupdated, kept (is_new false)",
                "ok archive → clientdeleted and archived clientadded",
                "ok group created over REST → info messages; group message → clientadded; join → clientupdated",
                "ok interleaved group and direct messages keep each member's topic, status and peer",
                "ok a joiner receives the group's history",
                "ok a message to an inline group reaches its members",
                "ok bad payloads: PUBACK under 3.1.1, reason codes under 5",
                "ok 100 pipelined QoS 1 sends are acknowledged and delivered in order",
                "ok retained presence reaches a new session",
                "ok last will on an abrupt close");
    }
}
