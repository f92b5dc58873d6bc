package io.chorus.cli;

import io.chorus.store.SqlStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code chorus import}: loads an export into an empty store, keeping every id, offset and key. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Load a file written by `chorus export` into an empty store.")
public final class ImportCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--in", required = true, description = "File written by chorus export.")
    Path in;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(in)) throw new IllegalArgumentException("cannot read " + in);
        try (SqlStore target = store.open(); BufferedReader r = Files.newBufferedReader(in)) {
            StoreTransfer.Counts c = new StoreTransfer().importInto(target, r);
            System.out.println("Imported " + c + " into " + store.describe() + ".");
        }
        return 0;
    }
}
