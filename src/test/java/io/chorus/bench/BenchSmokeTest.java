package io.chorus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.server.Main;
import io.chorus.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Each scenario for a few seconds against a real server, so the load tool never rots (no performance thresholds). */
class BenchSmokeTest {
    static TestServer server;

    @TempDir
    Path out;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.withLimits(c.outboundQueue(), c.pingIntervalSeconds(), 0));
    }

    @AfterAll
    static void stop() { server.close(); }

    JsonNode run(String... args) throws Exception { return runAgainst(server, args); }

    JsonNode runAgainst(TestServer target, String... args) throws Exception {
        String[] common = {"--url", target.baseUrl(), "--admin-token", TestServer.ADMIN_TOKEN, "--out", out.toString(),
                "--server-pid", String.valueOf(ProcessHandle.current().pid())};
        String[] all = Stream.concat(Stream.of(args), Stream.of(common)).toArray(String[]::new);
        assertThat(Main.run(all)).isZero();
        return RunResult.take(out);
    }

    @Test
    void fanout() throws Exception {
        JsonNode r = run("bench", "fanout", "--subscribers", "20", "--rates", "20", "--step-seconds", "2", "--warmup-seconds", "0.5");
        long deliveries = r.get("steps").get(0).get("deliveries").asLong();
        assertThat(deliveries).isPositive();
        assertThat(r.get("steps").get(0).has("latency_p99_ms")).isTrue();
        JsonNode seconds = r.get("steps").get(0).get("per_second");
        assertThat(seconds.size()).as("a line per second of the step, and one for its last part").isBetween(2, 3);
        long perSecondTotal = 0;
        for (JsonNode second : seconds) {
            perSecondTotal += second.get("deliveries").asLong();
            assertThat(second.get("p99_ms").asDouble()).isLessThanOrEqualTo(second.get("max_ms").asDouble());
        }
        assertThat((double) perSecondTotal).as("the seconds add up to the step").isCloseTo(deliveries, org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(r.get("steps").get(0).has("server_cpu_cores")).isTrue();
        assertThat(r.get("steps").get(0).get("load_tool_cpu_cores").asDouble()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void connectionsTheServerEndsAreCountedWithTheirReason() throws Exception {
        TestServer stopping = TestServer.start(c -> c.withLimits(c.outboundQueue(), c.pingIntervalSeconds(), 0));
        Thread stopper = Thread.ofVirtual().start(() -> {
            // Once messages flow, the server goes away under the run (it closes every session with 1001).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try {
                while (stopping.metric("chorus_deliveries_total") == 0 && System.nanoTime() < deadline) Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopping.close();
            }
        });
        JsonNode r = runAgainst(stopping, "bench", "fanout", "--subscribers", "5", "--rates", "20", "--step-seconds", "3",
                "--warmup-seconds", "0.5");
        stopper.join();
        assertThat(r.get("connections_lost").asLong()).as("5 subscribers and the publisher").isEqualTo(6);
        assertThat(r.get("steps").get(0).get("connections_lost").asLong()).isEqualTo(6);
        assertThat(r.get("connections_lost_by_reason").toString()).contains("1001 server shutting down");
    }

    @Test
    void aRunThatLosesNothingSaysSo() throws Exception {
        JsonNode r = run("bench", "fanout", "--subscribers", "5", "--rates", "20", "--step-seconds", "1", "--warmup-seconds", "0.5");
        assertThat(r.get("connections_lost").asLong()).as("the tool's own closes at the end are no loss").isZero();
        assertThat(r.get("steps").get(0).get("connections_lost").asLong()).isZero();
    }

    @Test
    void socketIoChatFanoutAndMesh() throws Exception {
        JsonNode f = run("bench", "fanout", "--target", "socketio", "--subscribers", "20", "--rates", "20", "--step-seconds", "1",
                "--warmup-seconds", "0.5");
        assertThat(f.get("target").asText()).isEqualTo("socketio");
        assertThat(f.get("steps").get(0).get("deliveries").asLong()).isPositive();
        assertThat(f.get("steps").get(0).get("latency_p50_ms").asDouble()).isPositive();
        JsonNode m = run("bench", "mesh", "--target", "socketio", "--connections", "20", "--group-size", "10", "--rate", "50",
                "--seconds", "1", "--warmup-seconds", "0.5");
        assertThat(m.get("measured").get("deliveries").asLong()).isPositive();
    }

    @Test
    void deviceHiveNotificationFanout() throws Exception {
        JsonNode f = run("bench", "fanout", "--target", "devicehive", "--devicehive-password", TestServer.DEVICEHIVE_ADMIN_PASSWORD,
                "--subscribers", "20", "--rates", "20", "--step-seconds", "1", "--warmup-seconds", "0.5");
        assertThat(f.get("target").asText()).isEqualTo("devicehive");
        assertThat(f.get("steps").get(0).get("deliveries").asLong()).isPositive();
        assertThat(f.get("steps").get(0).get("latency_p50_ms").asDouble()).isPositive();
    }

    @Test
    void deviceHiveCommandFanoutAcknowledged() throws Exception {
        long writesBefore = server.metric("chorus_store_writes_total");
        JsonNode f = run("bench", "fanout", "--target", "devicehive-commands", "--acknowledge", "--devicehive-password",
                TestServer.DEVICEHIVE_ADMIN_PASSWORD, "--subscribers", "20", "--rates", "20", "--step-seconds", "1",
                "--warmup-seconds", "0.5");
        assertThat(f.get("target").asText()).isEqualTo("devicehive-commands");
        long deliveries = f.get("steps").get(0).get("deliveries").asLong();
        assertThat(deliveries).isPositive();
        assertThat(f.get("steps").get(0).get("latency_p50_ms").asDouble()).isPositive();
        // Each delivered command was answered with a command/update: a write of its own besides the inserts.
        assertThat(server.metric("chorus_store_writes_total") - writesBefore).as("inserts and acknowledgements stored").isGreaterThan(deliveries);
    }

    @Test
    void chat21MqttFanoutAndMesh() throws Exception {
        String[] mqtt = {"--target", "mqtt", "--mqtt", "tcp://127.0.0.1:" + server.server().mqttPort(),
                "--chat21-secret", TestServer.CHAT21_SECRET};
        JsonNode f = run(Stream.concat(Stream.of("bench", "fanout", "--subscribers", "20", "--rates", "20", "--step-seconds", "1",
                "--warmup-seconds", "0.5"), Stream.of(mqtt)).toArray(String[]::new));
        assertThat(f.get("target").asText()).isEqualTo("mqtt");
        assertThat(f.get("steps").get(0).get("deliveries").asLong()).isPositive();
        assertThat(f.get("steps").get(0).get("latency_p50_ms").asDouble()).isPositive();
        JsonNode m = run(Stream.concat(Stream.of("bench", "mesh", "--connections", "20", "--group-size", "10", "--rate", "50",
                "--seconds", "1", "--warmup-seconds", "0.5"), Stream.of(mqtt)).toArray(String[]::new));
        assertThat(m.get("measured").get("deliveries").asLong()).isPositive();
    }

    @Test
    void chat21MqttOverWebSocketFanout() throws Exception {
        // MQTT on the HTTP port's /mqtt path: deliveries prove the packets went as WebSocket frames.
        JsonNode f = run("bench", "fanout", "--target", "mqtt", "--mqtt", "ws://127.0.0.1:" + server.port() + "/mqtt",
                "--chat21-secret", TestServer.CHAT21_SECRET, "--subscribers", "20", "--rates", "20", "--step-seconds", "1",
                "--warmup-seconds", "0.5");
        assertThat(f.get("steps").get(0).get("deliveries").asLong()).isPositive();
        assertThat(f.get("connections_lost").asLong()).isZero();
    }

    @Test
    void anMqttAddressOfAnotherSchemeIsRefused() {
        String[] args = {"bench", "fanout", "--target", "mosquitto", "--mqtt", "http://127.0.0.1:1883", "--subscribers", "1",
                "--rates", "1", "--step-seconds", "1", "--url", server.baseUrl(), "--out", out.toString()};
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run(args)).isNotZero();
        } finally {
            System.setErr(before);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--mqtt takes tcp://host:port or ws://host:port/path");
    }

    @Test
    void mesh() throws Exception {
        JsonNode r = run("bench", "mesh", "--connections", "20", "--group-size", "2", "--rate", "50", "--seconds", "1",
                "--warmup-seconds", "0.5");
        assertThat(r.get("measured").get("deliveries").asLong()).isPositive();
    }

    @Test
    void connections() throws Exception {
        JsonNode r = run("bench", "connections", "--count", "50", "--hold-seconds", "0.2", "--sources", "2",
                "--source-offset", "3", "--verify");
        assertThat(r.get("measured").get("connections").asInt()).isEqualTo(50);
        assertThat(r.get("measured").get("verify_delivered").asInt()).isEqualTo(50);
        assertThat(r.get("samples").size()).isGreaterThan(2);
    }

    @Test
    void persistAndChart() throws Exception {
        JsonNode r = run("bench", "persist", "--concurrency", "4", "--seconds", "1", "--warmup-seconds", "0.5");
        assertThat(r.get("measured").get("messages_sent").asLong()).isPositive();
        assertThat(r.get("measured").get("failed").asLong()).isZero();
        Path result = out.resolve("r.json");
        BenchRun.JSON.writeValue(result.toFile(), BenchRun.JSON.readTree("{\"scenario\":\"fanout\",\"target\":\"chorus\","
                + "\"parameters\":{\"subscribers\":1},\"steps\":[{\"deliveries_per_second\":10,\"latency_p99_ms\":1}]}"));
        assertThat(Main.run(new String[]{"bench", "chart", result.toString(), "--out", out.resolve("charts").toString()})).isZero();
        assertThat(out.resolve("charts/fanout-latency.png")).exists();
    }
}
