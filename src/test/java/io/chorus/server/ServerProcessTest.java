package io.chorus.server;

import io.chorus.support.WsClient;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** `chorus serve` as a real process: one-line errors with exit code 2, and a clean SIGTERM. */
class ServerProcessTest {

    static Process launch(Path data, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.chorus.server.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("CHORUS_ADMIN_TOKEN", "proc-admin");
        pb.environment().put("CHORUS_DATA", data.toString());
        return pb.start();
    }

    static String stderr(Process p) throws Exception {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    @Test
    void aBadOptionIsOneLineAndExitCode2() throws Exception {
        Process p = launch(Files.createTempDirectory("chorus"), "serve", "--bogus");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(stderr(p)).startsWith("chorus: Unknown option: '--bogus'").doesNotContain("\n");
    }

    @Test
    void aTakenPortIsOneLineAndExitCode2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Process p = launch(Files.createTempDirectory("chorus"), "serve", "--host", "127.0.0.1", "--port",
                    String.valueOf(taken.getLocalPort()));
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(2);
            String err = stderr(p);
            assertThat(err).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).doesNotContain("\n")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void anUnusableDataDirectoryIsOneLineAndExitCode2() throws Exception {
        Path file = Files.createTempFile("chorus", "not-a-dir");
        Process p = launch(file, "serve", "--port", "0", "--data", file.resolve("sub").toString());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(stderr(p)).contains("data directory").doesNotContain("\n");
    }

    @Test
    void sigtermFlushesClosesSocketsWithGoingAwayAndExits0() throws Exception {
        Path data = Files.createTempDirectory("chorus");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = launch(data, "serve", "--host", "127.0.0.1", "--port", String.valueOf(port), "--sync", "normal");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).contains("listening on http://127.0.0.1:" + port);

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        String user = post(http, base + "/admin/users", "{\"username\":\"zed\"}");
        String userId = io.chorus.support.TestServer.JSON.readTree(user).get("id").asText();
        post(http, base + "/admin/users/" + userId + "/remote-api", "{\"action\":\"enable\"}");
        String token = io.chorus.support.TestServer.JSON.readTree(post(http, base + "/admin/users/" + userId
                + "/remote-api", "{\"action\":\"generate-token\"}")).get("token").asText();
        put(http, base + "/admin/zones/default/members/" + userId, "{\"role\":\"Member\"}");

        WsClient ws = new WsClient(URI.create("ws://127.0.0.1:" + port + "/api/json_rpc/ws"));
        ws.call("authenticate", "[\"" + token + "\"]");
        ws.call("subscribe_channel", "[\"default\",\"general\"]");
        for (int i = 0; i < 20; i++) ws.call("send_message", "[\"default\",\"general\",\"before stop " + i + "\"]");

        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(0);
        assertThat(ws.closed.get(10, TimeUnit.SECONDS)[0]).isEqualTo(1001);

        // Everything acknowledged is in history after a restart.
        try (io.chorus.support.TestServer again = io.chorus.support.TestServer.startIn(data)) {
            assertThat(again.server().core().store().messagesAfterOffset(
                    again.server().core().directory().channels("default").get(0).id(), 0, 100)).hasSize(20);
        }
    }

    private static String post(HttpClient http, String url, String body) throws Exception {
        return send(http, HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String put(HttpClient http, String url, String body) throws Exception {
        return send(http, HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String send(HttpClient http, HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.header("Authorization", "Bearer proc-admin").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isLessThan(300);
        return r.body();
    }
}
