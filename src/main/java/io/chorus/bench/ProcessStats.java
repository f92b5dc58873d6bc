package io.chorus.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process (the server under test), read from /proc. */
final class ProcessStats {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final long pid;

    ProcessStats(long pid) { this.pid = pid; }

    boolean available() { return pid > 0 && Files.exists(Path.of("/proc/" + pid + "/stat")); }

    /** Total user + system CPU seconds so far. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** Resident set size in bytes. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (Exception ignored) {
            // The process may have gone away; report unknown.
        }
        return -1;
    }

    /** Asks a JVM to collect garbage (so heap figures mean live data); false if jcmd is not at hand. */
    boolean fullGc() {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.run").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
