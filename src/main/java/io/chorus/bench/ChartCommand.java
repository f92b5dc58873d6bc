package io.chorus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code chorus bench chart results/*.json}: latency against throughput (fanout) and memory against connections. */
@Command(name = "chart", mixinStandardHelpOptions = true, description = "Draw PNG charts from result files.")
final class ChartCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RESULT.json") List<Path> results;

    @Option(names = "--out", defaultValue = "bench/charts") Path out;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        LineChart latency = new LineChart("Fan-out: p99 latency against deliveries per second",
                "deliveries per second", "p99 latency (ms)");
        LineChart memory = new LineChart("Idle connections: server memory", "connections", "MiB");
        for (Path file : results) {
            JsonNode r = BenchRun.JSON.readTree(file.toFile());
            String name = r.path("target").asText() + (r.path("label").asText().isBlank() ? "" : " " + r.path("label").asText());
            if (r.path("scenario").asText().equals("fanout")) {
                List<double[]> pts = new ArrayList<>();
                for (JsonNode s : r.path("steps")) {
                    pts.add(new double[]{s.path("deliveries_per_second").asDouble(), s.path("latency_p99_ms").asDouble()});
                }
                latency.add(new LineChart.Series(name + " (" + r.path("parameters").path("subscribers").asInt() + " subs)", pts));
            } else if (r.path("scenario").asText().equals("connections")) {
                List<double[]> rss = new ArrayList<>();
                List<double[]> heap = new ArrayList<>();
                for (JsonNode s : r.path("samples")) {
                    if (s.has("server_rss_mib")) rss.add(new double[]{s.path("connections").asDouble(), s.path("server_rss_mib").asDouble()});
                    if (s.has("server_heap_mib")) heap.add(new double[]{s.path("connections").asDouble(), s.path("server_heap_mib").asDouble()});
                }
                memory.add(new LineChart.Series(name + " RSS", rss));
                memory.add(new LineChart.Series(name + " heap", heap));
            }
        }
        if (!latency.isEmpty()) latency.write(out.resolve("fanout-latency.png"));
        if (!memory.isEmpty()) memory.write(out.resolve("connections-memory.png"));
        System.out.println("charts in " + out);
        return 0;
    }
}
