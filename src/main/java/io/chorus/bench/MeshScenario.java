package io.chorus.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

/** C connections in groups of G (2 = pairs), everyone subscribed to their group's channel and sending to it. */
@Command(name = "mesh", mixinStandardHelpOptions = true, description = "Connections in pairs or groups, all sending.")
final class MeshScenario implements Callable<Integer> {
    @Mixin BenchOptions options;

    @Option(names = "--connections", defaultValue = "1000") int connections;

    @Option(names = "--group-size", defaultValue = "10", description = "2 for pairs, 10 for groups of ten.") int groupSize;

    @Option(names = "--rate", defaultValue = "1000", description = "Total messages per second over all senders.") double rate;

    @Option(names = "--seconds", defaultValue = "10") double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "2") double warmupSeconds;

    @Option(names = "--size", defaultValue = "200") int size;

    @Override
    public Integer call() throws Exception {
        int groups = Math.max(1, connections / groupSize);
        int total = groups * groupSize;
        try (BenchRun run = new BenchRun(options, "mesh")) {
            List<String> channels = run.channels(groups, total / 90 + 2, groupSize);
            Latency latency = new Latency();
            LongAdder delivered = new LongAdder();
            int[] index = {0};
            List<String> sendTo = new ArrayList<>();
            List<BenchClient> clients = run.connect(total, 200, c -> {
                String channel = channels.get((index[0]++) / groupSize);
                sendTo.add(channel);
                c.onDelivery(d -> {
                    if (latency.record(d.frame(), d.textStart())) delivered.increment();
                });
                return c.subscribe(channel);
            }, new double[1]);
            ObjectNode params = run.result.putObject("parameters");
            params.put("connections", total).put("group_size", groupSize).put("rate", rate).put("size", size);
            try (RatePublisher publisher = new RatePublisher(run.vertx, clients, sendTo, size)) {
                Window window = new Window(run, latency, delivered, publisher.sent);
                publisher.rate(rate);
                Thread.sleep((long) (warmupSeconds * 1000));
                window.begin();
                try (Progress p = new Progress(() -> String.format("[mesh %d x %d] sent %d, delivered %d", groups, groupSize,
                        publisher.sent.get(), delivered.sum()))) {
                    Thread.sleep((long) (seconds * 1000));
                }
                ObjectNode m = run.result.putObject("measured");
                window.end(m, groupSize);
                System.out.println(Window.summary(m));
            }
            System.out.println("result: " + run.write());
        }
        return 0;
    }
}
