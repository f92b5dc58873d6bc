package io.chorus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.server.Main;
import io.chorus.support.Services;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NATS peers of the load tool (core NATS and JetStream, over the WebSocket listener) against a nats-server of
 * the test's own, so the peer comparisons in BENCHMARKS.md never rot (no performance thresholds).
 */
class NatsPeerBenchTest {
    @TempDir
    static Path natsDir;

    @TempDir
    Path out;

    static Process nats;
    static int clientPort;
    static int webSocketPort;

    @BeforeAll
    static void startNats() throws Exception {
        Services.require("nats-server at " + Services.NATS_SERVER, Files.isExecutable(Services.NATS_SERVER));
        clientPort = Services.freePort();
        webSocketPort = Services.freePort();
        nats = natsServer(natsDir, clientPort, webSocketPort, true);
    }

    /** A nats-server with a WebSocket listener, with or without JetStream (its store under {@code dir}). */
    static Process natsServer(Path dir, int clientPort, int webSocketPort, boolean jetStream) throws Exception {
        Path config = dir.resolve("nats-" + clientPort + ".conf");
        Files.writeString(config, "listen: 127.0.0.1:" + clientPort + "\n"
                + "websocket { host: 127.0.0.1, port: " + webSocketPort + ", no_tls: true }\n"
                + (jetStream ? "jetstream { store_dir: \"" + dir.resolve("store") + "\" }\n" : ""));
        return PeerProcess.start(Services.NATS_SERVER, config, webSocketPort);
    }

    @AfterAll
    static void stopNats() throws Exception { PeerProcess.stop(nats); }

    int runFanout(String target, int port, long serverPid) {
        return Main.run(new String[] {"bench", "fanout", "--target", target, "--nats-ws", "ws://127.0.0.1:" + port,
                "--subscribers", "5", "--rates", "50", "--step-seconds", "1", "--warmup-seconds", "0.5",
                "--server-pid", String.valueOf(serverPid), "--out", out.toString()});
    }

    JsonNode fanout(String target) throws Exception {
        assertThat(runFanout(target, webSocketPort, nats.pid())).isZero();
        return RunResult.take(out);
    }

    @Test
    void coreNatsFanout() throws Exception {
        JsonNode step = fanout("nats").get("steps").get(0);
        assertThat(step.get("delivered_ratio").asDouble()).isGreaterThan(0.9);
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void jetStreamAgainstAServerWithoutItFailsInsteadOfWaiting() throws Exception {
        int port = Services.freePort();
        Process plain = natsServer(out, Services.freePort(), port, false);
        try {
            assertThat(runFanout("jetstream", port, plain.pid())).as("the run fails instead of waiting for an answer").isNotZero();
        } finally {
            PeerProcess.stop(plain);
        }
    }

    @Test
    void jetStreamFanoutDeliversWhatItStored() throws Exception {
        try (Connection nc = Nats.connect("nats://127.0.0.1:" + clientPort)) {
            JetStreamManagement streams = nc.jetStreamManagement();
            List<String> before = streams.getStreamNames();
            JsonNode step = fanout("jetstream").get("steps").get(0);
            assertThat(step.get("delivered_ratio").asDouble()).isGreaterThan(0.9);
            List<String> created = streams.getStreamNames().stream().filter(n -> !before.contains(n)).toList();
            assertThat(created).as("one file stream for the run's channel").hasSize(1);
            var stream = streams.getStreamInfo(created.get(0));
            assertThat(stream.getConfiguration().getStorageType().toString()).isEqualToIgnoringCase("file");
            assertThat(stream.getStreamState().getMsgCount()).as("every message sent was stored")
                    .isGreaterThanOrEqualTo(step.get("messages_sent").asLong());
        }
    }
}
