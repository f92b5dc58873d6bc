package io.chorus.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

/**
 * One channel, N subscribers, one publisher whose rate steps up until latency breaks (p99 over the bound) or
 * deliveries fall behind: deliveries per second, latency percentiles, server CPU and RSS per step.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true, description = "One channel, N subscribers, a stepped publish rate.")
final class FanoutScenario implements Callable<Integer> {
    @Mixin BenchOptions options;

    @Option(names = "--subscribers", defaultValue = "1000") int subscribers;

    @Option(names = "--rates", split = ",", defaultValue = "50,100,200,400,800", description = "Publish rates to step through (messages/s).")
    List<Double> rates;

    @Option(names = "--publishers", defaultValue = "1") int publishers;

    @Option(names = "--step-seconds", defaultValue = "8") double stepSeconds;

    @Option(names = "--warmup-seconds", defaultValue = "2") double warmupSeconds;

    @Option(names = "--size", defaultValue = "200", description = "Message text size in bytes.") int size;

    @Option(names = "--max-p99-ms", defaultValue = "250", description = "Stop stepping once p99 exceeds this.") double maxP99;

    @Override
    public Integer call() throws Exception {
        try (BenchRun run = new BenchRun(options, "fanout")) {
            String channel = run.channels(1, subscribers / 90 + 2, subscribers + publishers).get(0);
            Latency latency = new Latency();
            LongAdder delivered = new LongAdder();
            double[] connectSeconds = new double[1];
            List<BenchClient> subs = run.connect(subscribers, 200, c -> {
                c.onDelivery(d -> {
                    if (latency.record(d.frame(), d.textStart())) delivered.increment();
                });
                return c.subscribe(channel);
            }, connectSeconds);
            java.net.URI publishTo = run.options.publishUrl != null ? run.options.publishUrl : run.options.url;
            List<BenchClient> pubs = run.connect(publishTo, publishers, publishers, c -> io.vertx.core.Future.succeededFuture(), new double[1]);
            ObjectNode params = run.result.putObject("parameters");
            params.put("publish_node", publishTo.toString()).put("subscribers", subscribers).put("publishers", publishers).put("size", size)
                    .put("step_seconds", stepSeconds).put("connect_seconds", Window.round(connectSeconds[0]));
            ArrayNode steps = run.result.putArray("steps");
            try (RatePublisher publisher = new RatePublisher(run.vertx, pubs, java.util.Collections.nCopies(publishers, channel), size)) {
                Window window = new Window(run, latency, delivered, publisher.sent);
                for (double rate : rates) {
                    publisher.rate(rate);
                    Thread.sleep((long) (warmupSeconds * 1000));
                    window.begin();
                    ObjectNode step = steps.addObject().put("rate", rate);
                    try (Progress p = new Progress(() -> String.format("[fanout %d subs] rate %.0f/s: sent %d, delivered %d%s",
                            subscribers, rate, publisher.sent.get(), delivered.sum(),
                            run.lostConnections() == 0 ? "" : ", connections lost " + run.lostConnections()))) {
                        Thread.sleep((long) (stepSeconds * 1000));
                    }
                    double p99 = window.end(step, subscribers);
                    System.out.println(Window.summary(step));
                    if (p99 > maxP99 || step.get("delivered_ratio").asDouble() < 0.95) break;
                }
            }
            subs.size();
            System.out.println("result: " + run.write());
        }
        return 0;
    }
}
