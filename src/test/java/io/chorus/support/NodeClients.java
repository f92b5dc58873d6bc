package io.chorus.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The npm clients in {@code src/test/node}, installed with npm on first use and run by node. Without node a test
 * is skipped on a developer's machine, and fails under CI.
 */
public final class NodeClients {
    public static final Path DIR = Path.of("src/test/node").toAbsolutePath();
    private static boolean installed;

    private NodeClients() {}

    /** What a script printed, once it exited 0 within the time limit. */
    public static String run(String script, String... args) {
        ensureInstalled();
        List<String> cmd = new ArrayList<>(List.of("node", script));
        cmd.addAll(List.of(args));
        Result r = exec(cmd, 120);
        assertThat(r.exit).as("%s failed:\n%s", script, r.output).isZero();
        return r.output;
    }

    private static synchronized void ensureInstalled() {
        if (installed) return;
        boolean hasNode;
        try {
            hasNode = exec(List.of("node", "--version"), 20).exit == 0;
        } catch (RuntimeException e) {
            hasNode = false;
        }
        if (!hasNode) {
            assertThat(System.getenv("CI")).as("node must be installed under CI").isNull();
            Assumptions.abort("node is not installed");
        }
        if (!allInstalled()) {
            Result r = exec(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"), 300);
            assertThat(r.exit).as("npm install in %s:\n%s", DIR, r.output).isZero();
        }
        installed = true;
    }

    /** Every dependency of package.json is in node_modules (npm install runs again when one is added). */
    private static boolean allInstalled() {
        try {
            var deps = new com.fasterxml.jackson.databind.ObjectMapper().readTree(DIR.resolve("package.json").toFile())
                    .path("dependencies").fieldNames();
            while (deps.hasNext()) if (!Files.isDirectory(DIR.resolve("node_modules").resolve(deps.next()))) return false;
            return true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DIR.resolve("package.json"), e);
        }
    }

    private record Result(int exit, String output) {}

    private static Result exec(List<String> cmd, int timeoutSeconds) {
        try {
            Path log = Files.createTempFile("node-client", ".log");
            Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
