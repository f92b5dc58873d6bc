package io.chorus.api.devicehive;

import io.chorus.support.NodeClients;
import io.chorus.support.TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The official npm {@code devicehive} 2.1 client against Chorus, as a device and as a client, over WebSocket. */
class DeviceHiveNpmClientTest {
    @Test
    void deviceAndClientTalkThroughTheOfficialClient() {
        try (TestServer server = TestServer.start()) {
            String out = NodeClients.run("devicehive-client.mjs", "ws://127.0.0.1:" + server.port() + "/api/websocket",
                    "dhadmin", TestServer.DEVICEHIVE_ADMIN_PASSWORD);
            assertThat(out.lines().filter(l -> l.startsWith("ok "))).containsExactly(
                    "ok connect and log in (with the token/create session update)",
                    "ok device saved and read back",
                    "ok notification from the device reaches the client",
                    "ok command from the client reaches the device",
                    "ok the device's update reaches the client",
                    "ok command history");
        }
    }
}
