package io.chorus.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code send_message} over HTTP JSON-RPC from C concurrent clients, each sending its next message when the
 * previous one is acknowledged (that is, durable): durable messages per second and acknowledgement latency.
 */
@Command(name = "persist", mixinStandardHelpOptions = true, description = "Durable sends over HTTP JSON-RPC.")
final class PersistScenario implements Callable<Integer> {
    @Mixin BenchOptions options;

    @Option(names = "--concurrency", defaultValue = "64") int concurrency;

    @Option(names = "--seconds", defaultValue = "10") double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "2") double warmupSeconds;

    @Option(names = "--size", defaultValue = "200") int size;

    @Override
    public Integer call() throws Exception {
        if (!options.target.equals("chorus")) throw new IllegalArgumentException("persist drives Chorus only");
        try (BenchRun run = new BenchRun(options, "persist")) {
            ChorusSetup setup = run.chorus(Math.min(concurrency, 32));
            HttpClient http = run.vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(concurrency));
            Latency latency = new Latency();
            LongAdder acked = new LongAdder();
            LongAdder failed = new LongAdder();
            AtomicLong sent = new AtomicLong();
            boolean[] stop = {false};
            for (int i = 0; i < concurrency; i++) {
                String token = setup.tokens.get(i % setup.tokens.size());
                run.vertx.runOnContext(v -> loop(http, token, setup, latency, acked, failed, sent, stop));
            }
            Thread.sleep((long) (warmupSeconds * 1000));
            Window window = new Window(run, latency, acked, sent);
            window.begin();
            try (Progress p = new Progress(() -> String.format("[persist c=%d] acknowledged %d, failed %d", concurrency,
                    acked.sum(), failed.sum()))) {
                Thread.sleep((long) (seconds * 1000));
            }
            ObjectNode m = run.result.putObject("measured");
            window.end(m, 1);
            stop[0] = true;
            m.put("failed", failed.sum());
            run.result.putObject("parameters").put("concurrency", concurrency).put("size", size);
            System.out.println(Window.summary(m));
            System.out.println("result: " + run.write());
        }
        return 0;
    }

    private void loop(HttpClient http, String token, ChorusSetup setup, Latency latency, LongAdder acked,
                      LongAdder failed, AtomicLong sent, boolean[] stop) {
        if (stop[0]) return;
        String text = Latency.stamp(size);
        String body = "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + setup.zoneId + "\",\""
                + setup.generalChannel + "\",\"" + text + "\"],\"id\":1}";
        sent.incrementAndGet();
        http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(options.url.getHost())
                        .setPort(options.url.getPort()).setURI("/api/json_rpc")
                        .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json"))
                .compose(req -> req.send(Buffer.buffer(body)).compose(res -> res.body()))
                .onComplete(ar -> {
                    if (ar.succeeded() && ar.result().toString().contains("\"Message sent\"")) {
                        latency.record(text, 0);
                        acked.increment();
                    } else {
                        failed.increment();
                    }
                    loop(http, token, setup, latency, acked, failed, sent, stop);
                });
    }
}
