package io.chorus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.server.Main;
import io.chorus.support.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load tool's Mosquitto peer, over TCP and over Mosquitto's WebSocket listener, against a Mosquitto of the
 * test's own, so the MQTT comparison in BENCHMARKS.md never rots (no performance thresholds).
 */
class MosquittoPeerBenchTest {
    @TempDir
    static Path dir;

    @TempDir
    Path out;

    static Process mosquitto;
    static int tcpPort;
    static int webSocketPort;

    @BeforeAll
    static void startMosquitto() throws Exception {
        Services.require("mosquitto at " + Services.MOSQUITTO, Files.isExecutable(Services.MOSQUITTO));
        tcpPort = Services.freePort();
        webSocketPort = Services.freePort();
        // Mosquitto 2.0 exits unless some listener is plain MQTT, so the WebSocket one comes second.
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, "allow_anonymous true\nlistener " + tcpPort + " 127.0.0.1\n"
                + "listener " + webSocketPort + " 127.0.0.1\nprotocol websockets\n");
        mosquitto = PeerProcess.start(Services.MOSQUITTO, config, tcpPort, webSocketPort);
    }

    @AfterAll
    static void stopMosquitto() throws Exception { PeerProcess.stop(mosquitto); }

    JsonNode fanout(String address) throws Exception {
        int exit = Main.run(new String[] {"bench", "fanout", "--target", "mosquitto", "--mqtt", address,
                "--subscribers", "5", "--rates", "50", "--step-seconds", "1", "--warmup-seconds", "0.5",
                "--server-pid", String.valueOf(mosquitto.pid()), "--out", out.toString()});
        assertThat(exit).isZero();
        return RunResult.take(out);
    }

    @Test
    void fanoutOverTcp() throws Exception {
        JsonNode step = fanout("tcp://127.0.0.1:" + tcpPort).get("steps").get(0);
        assertThat(step.get("delivered_ratio").asDouble()).isGreaterThan(0.9);
    }

    @Test
    void fanoutOverWebSocket() throws Exception {
        JsonNode step = fanout("ws://127.0.0.1:" + webSocketPort + "/mqtt").get("steps").get(0);
        assertThat(step.get("delivered_ratio").asDouble()).isGreaterThan(0.9);
    }
}
