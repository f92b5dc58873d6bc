package io.chorus.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code chorus bench <scenario>}: drives a running server (Chorus, or NATS for comparison) through its real
 * protocol over loopback, prints a live progress line and one line per measurement, and writes a JSON result.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load scenarios against a running server; results as JSON in bench-results/.",
        subcommands = {FanoutScenario.class, MeshScenario.class, ConnectionsScenario.class, PersistScenario.class,
                ChartCommand.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
