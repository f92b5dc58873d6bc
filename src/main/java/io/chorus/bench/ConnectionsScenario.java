package io.chorus.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

/**
 * K idle, subscribed WebSocket connections, opened in ten slices: connect rate, and the server's RSS (and, for
 * Chorus, live heap after a GC) against the number of connections; optionally, that one message reaches them all.
 */
@Command(name = "connections", mixinStandardHelpOptions = true, description = "Hold K idle WebSocket connections.")
final class ConnectionsScenario implements Callable<Integer> {
    @Mixin BenchOptions options;

    @Option(names = "--count", defaultValue = "10000") int count;

    @Option(names = "--parallel", defaultValue = "500", description = "Handshakes in flight.") int parallel;

    @Option(names = "--hold-seconds", defaultValue = "5") double holdSeconds;

    @Option(names = "--gc", description = "Run a full GC in the server (jcmd) before each memory sample.") boolean gc;

    @Option(names = "--verify", description = "After the hold, publish one message to the channel (through "
            + "--publish-url when given, so in a cluster it crosses the broker) and wait until every held connection "
            + "has it: the connections are live and subscribed, not only open.") boolean verify;

    @Option(names = "--verify-timeout-seconds", defaultValue = "60") double verifyTimeoutSeconds;

    @Override
    public Integer call() throws Exception {
        try (BenchRun run = new BenchRun(options, "connections")) {
            String channel = run.channels(1, count / 90 + 2).get(0);
            ArrayNode samples = run.result.putArray("samples");
            sample(run, samples, 0);
            int slice = Math.max(1, count / 10);
            double seconds = 0;
            Latency latency = new Latency();
            LongAdder delivered = new LongAdder();
            for (int held = 0; held < count; ) {
                int n = Math.min(slice, count - held);
                double[] s = new double[1];
                run.connect(n, parallel, c -> {
                    c.onDelivery(d -> {
                        if (latency.record(d.frame(), d.textStart())) delivered.increment();
                    });
                    return c.subscribe(channel);
                }, s);
                seconds += s[0];
                held += n;
                sample(run, samples, held);
            }
            ObjectNode m = run.result.putObject("measured");
            m.put("connections", count);
            m.put("connect_per_second", Window.round(count / seconds));
            Thread.sleep((long) (holdSeconds * 1000));
            ObjectNode last = sample(run, samples, count);
            // Per connection from the slope between the first slice and the end: the empty-server sample also
            // carries whatever the server held before the run.
            ObjectNode first = (ObjectNode) samples.get(1);
            int span = count - first.get("connections").asInt();
            if (last.has("server_rss_mib")) {
                m.put("rss_kib_per_connection", Window.round((last.get("server_rss_mib").asDouble()
                        - first.get("server_rss_mib").asDouble()) * 1024 / Math.max(1, span)));
            }
            if (last.has("server_heap_mib")) {
                m.put("heap_kib_per_connection", Window.round((last.get("server_heap_mib").asDouble()
                        - first.get("server_heap_mib").asDouble()) * 1024 / Math.max(1, span)));
            }
            if (verify) verify(run, channel, latency, delivered, m);
            System.out.println(Window.summary(m));
            System.out.println("result: " + run.write());
        }
        return 0;
    }

    /** Publishes one stamped message and waits until each held connection has received it (or the timeout). */
    private void verify(BenchRun run, String channel, Latency latency, LongAdder delivered, ObjectNode m)
            throws InterruptedException {
        URI publishTo = run.options.publishUrl != null ? run.options.publishUrl : run.options.url;
        BenchClient publisher = run.connect(publishTo, 1, 1, c -> Future.succeededFuture(), new double[1]).get(0);
        latency.take();
        long before = delivered.sum();
        publisher.publish(channel, Latency.stamp(200));
        long deadline = System.nanoTime() + (long) (verifyTimeoutSeconds * 1e9);
        while (delivered.sum() - before < count && System.nanoTime() < deadline) Thread.sleep(20);
        Histogram h = latency.take();
        m.put("verify_publish_node", publishTo.toString());
        m.put("verify_delivered", delivered.sum() - before);
        m.put("verify_latency_p50_ms", Window.ms(h.getValueAtPercentile(50)));
        m.put("verify_latency_max_ms", Window.ms(h.getMaxValue()));
    }

    private ObjectNode sample(BenchRun run, ArrayNode samples, int connections) {
        ObjectNode s = samples.addObject().put("connections", connections);
        if (gc && run.server.available()) run.server.fullGc();
        if (run.server.available()) s.put("server_rss_mib", Window.round(run.server.rssBytes() / 1048576.0));
        if (run.isChorus()) {
            double heap = heapMib(run.options.url);
            if (heap >= 0) s.put("server_heap_mib", Window.round(heap));
        }
        return s;
    }

    /** Heap in use, from the server's Prometheus metrics. */
    static double heapMib(URI base) {
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double bytes = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return bytes / 1048576.0;
        } catch (Exception e) {
            return -1;
        }
    }
}
