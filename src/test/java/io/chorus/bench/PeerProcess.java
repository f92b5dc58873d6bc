package io.chorus.bench;

import io.chorus.support.Services;

import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** A peer server of a test's own (nats-server, mosquitto), started from a config file on ports the test picked. */
final class PeerProcess {
    private PeerProcess() {}

    /** Starts {@code binary -c config} (output discarded) and waits until every port listens. */
    static Process start(Path binary, Path config, int... ports) throws Exception {
        Process p = new ProcessBuilder(binary.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (int port : ports) if (!Services.listening(port)) return false;
            return true;
        });
        return p;
    }

    static void stop(Process p) throws InterruptedException {
        if (p == null) return;
        p.destroy();
        p.waitFor();
    }
}
