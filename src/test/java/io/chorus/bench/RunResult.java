package io.chorus.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The result file a load-tool run writes, as the tests read it. */
final class RunResult {
    private RunResult() {}

    /** The run's result: the only JSON file in {@code out}, which is deleted once read. */
    static JsonNode take(Path out) throws Exception {
        try (Stream<Path> files = Files.list(out)) {
            List<Path> results = files.filter(p -> p.toString().endsWith(".json")).toList();
            assertThat(results).hasSize(1);
            JsonNode r = BenchRun.JSON.readTree(results.get(0).toFile());
            Files.delete(results.get(0));
            return r;
        }
    }
}
