package io.chorus.api.diode;

import io.chorus.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A Python client in the style of Diode's own example (python3-websockets) subscribes and receives messages. */
class DiodePythonClientTest {

    static boolean pythonWebsocketsAvailable() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import websockets").start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void theExampleClientReceivesPushes() throws Exception {
        boolean available = pythonWebsocketsAvailable();
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(available, "python3-websockets is not installed (apt-get install python3-websockets)");
        }
        assertThat(available).as("python3-websockets must be installed under CI").isTrue();
        try (TestServer server = TestServer.start()) {
            TestServer.TestZone zone = server.zone("py");
            TestServer.TestUser alice = server.user("alice", zone.id(), "Owner");
            TestServer.TestUser bot = server.user("bot", zone.id(), "Bot");
            Path script = Files.createTempFile("subscriber", ".py");
            Files.copy(DiodePythonClientTest.class.getResourceAsStream("/diode/subscriber.py"), script,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString()).redirectErrorStream(true);
            pb.environment().put("DIODE_WS_URI", server.wsUri("/api/json_rpc/ws").toString());
            pb.environment().put("DIODE_TOKEN", bot.token());
            pb.environment().put("DIODE_ZONE", zone.id());
            pb.environment().put("DIODE_CHANNEL", zone.generalChannel());
            pb.environment().put("DIODE_EXPECT", "2");
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            lines.add(out.readLine());
            lines.add(out.readLine());
            assertThat(lines.get(0)).contains("Authentication successful");
            assertThat(lines.get(1)).contains("\"result\":\"Subscribed\"");
            for (String text : new String[]{"hello python", "second"}) {
                server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + zone.id() + "\",\""
                        + zone.generalChannel() + "\",\"" + text + "\"],\"id\":1}");
            }
            String line;
            while ((line = out.readLine()) != null) lines.add(line);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
            assertThat(lines.get(2)).startsWith("Received message: ").contains("\"message\":\"hello python\"");
            assertThat(lines.get(3)).contains("\"message\":\"second\"");
        }
    }
}
