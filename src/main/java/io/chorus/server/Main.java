package io.chorus.server;

import io.chorus.core.ServerInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chorus} command line: {@code serve}, {@code admin}, ... */
@Command(name = "chorus", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Chorus: one real-time messaging server for people and devices.",
        subcommands = {ServeCommand.class, io.chorus.cli.AdminCommand.class, io.chorus.cli.MigrateCommand.class,
                io.chorus.cli.ExportCommand.class, io.chorus.cli.ImportCommand.class, io.chorus.bench.BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (2 for usage errors, with a one-line message). */
    public static int run(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("chorus: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("chorus: " + ChorusServer.rootMessage(ex));
            return 2;
        });
        try {
            cli.setDefaultValueProvider(ChorusDefaults.from(args, System.getenv()));
        } catch (IllegalArgumentException e) {
            System.err.println("chorus: " + e.getMessage());
            return 2;
        }
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() { return new String[]{"chorus " + ServerInfo.currentVersion()}; }
    }
}
