package io.chorus.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Chorus node as a separate process (so that a test can SIGKILL it), started with {@code chorus serve}. */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private NodeProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code serve} on a free loopback port with the given extra options and waits until it listens. */
    public static NodeProcess start(String... options) throws IOException {
        int port = Services.freePort();
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.chorus.server.Main", "serve", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--data", Files.createTempDirectory("chorus-node").toString(), "--event-loops", "1", "--rate-limit", "0"));
        cmd.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CHORUS_ADMIN_TOKEN", TestServer.ADMIN_TOKEN);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains("listening on")) break;
        }
        if (line == null) throw new IllegalStateException("the node did not start:\n" + seen);
        // Keep draining its output so that it never blocks on a full pipe.
        Thread.ofVirtual().start(() -> {
            try {
                while (out.readLine() != null) { /* discard */ }
            } catch (IOException ignored) {
                // The process went away.
            }
        });
        return new NodeProcess(p, port);
    }

    public URI wsUri(String path) { return URI.create("ws://127.0.0.1:" + port + path); }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException { kill(); }
}
