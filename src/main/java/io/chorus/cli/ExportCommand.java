package io.chorus.cli;

import io.chorus.store.SqlStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code chorus export}: writes a store (stop the server first) to a JSON-lines file. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write everything in a store (users, zones, channels, history) to a JSON-lines file.")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--out", required = true, description = "File to write ('-' for standard output).")
    String out;

    @Override
    public Integer call() throws Exception {
        try (SqlStore source = store.open();
             Writer w = out.equals("-") ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                     : Files.newBufferedWriter(Path.of(out))) {
            StoreTransfer.Counts c = new StoreTransfer().export(source, w);
            System.err.println("Exported " + c + " from " + store.describe() + ".");
        }
        return 0;
    }
}
