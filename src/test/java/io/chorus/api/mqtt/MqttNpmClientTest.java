package io.chorus.api.mqtt;

import io.chorus.support.NodeClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The npm client mqtt.js 5.16 against the MQTT layer over TCP and over WebSocket at /mqtt and /ws, MQTT 3.1.1 and 5:
 * CONNACK refusals, subscribe ACLs, QoS 0 and 1 round trips, retained messages, wills, takeover, oversized packets
 * (the checks are in src/test/node/mqtt-client.mjs; each prints an "ok" line).
 */
class MqttNpmClientTest {
    static final String ALL = "auth,roundTrip,retained,will,takeover,oversize";
    static MqttTestServer server;

    @BeforeAll
    static void start() {
        server = new MqttTestServer(MqttOptions.defaults().withMaxPacketBytes(64 * 1024));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} MQTT {1}")
    @CsvSource({"tcp, 4", "tcp, 5", "/mqtt, 4", "/mqtt, 5", "/ws, 4", "/ws, 5"})
    void mqttJs(String transport, int version) {
        String url = transport.equals("tcp") ? server.tcpUrl() : server.wsUrl(transport);
        String out = NodeClients.run("mqtt-client.mjs", url, String.valueOf(version), ALL);
        assertThat(out).contains(
                "ok bad password refused",
                "ok not authorized refused",
                "ok empty client id accepted",
                "ok subscribe granted QoS 1",
                "ok subscribe outside the user's topics refused",
                "ok QoS 0 round trip",
                "ok QoS 1 round trip",
                "ok 600 QoS 1 messages in order through the in-flight window",
                "ok unsubscribe stops deliveries; exact filter at QoS 0",
                "ok retained message sent on subscribe with the retain flag",
                "ok will published when the socket dies",
                "ok no will after DISCONNECT",
                "ok same client id takes over the older connection",
                "ok the new connection works",
                "ok oversized packet closes the connection");
        assertThat(out).contains(version == 5 ? "ok publish refused with PUBACK 0x87" : "ok refused publish acknowledged and dropped");
        if (version == 5) assertThat(out).contains("ok assigned client id");
    }
}
