package io.chorus.bench;

import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends at a steady total rate, spread round-robin over publishers (each to its own channel), in 5 ms ticks so that
 * bursts stay small. Each message carries its publish time for {@link Latency}.
 */
final class RatePublisher implements AutoCloseable {
    private static final long TICK_MS = 5;

    private final Vertx vertx;
    private final List<BenchClient> publishers;
    private final List<String> channels;
    private final int size;
    final AtomicLong sent = new AtomicLong();
    private long timer = -1;
    private double credit;
    private int next;

    RatePublisher(Vertx vertx, List<BenchClient> publishers, List<String> channels, int size) {
        this.vertx = vertx;
        this.publishers = publishers;
        this.channels = channels;
        this.size = size;
    }

    /** (Re)starts at a total rate in messages per second. */
    void rate(double perSecond) {
        if (timer >= 0) vertx.cancelTimer(timer);
        long[] last = {System.nanoTime()};
        timer = vertx.setPeriodic(TICK_MS, id -> {
            long now = System.nanoTime();
            credit = Math.min(credit + perSecond * (now - last[0]) / 1e9, perSecond); // at most 1 s of catch-up
            last[0] = now;
            while (credit >= 1) {
                credit -= 1;
                int i = next++ % publishers.size();
                publishers.get(i).publish(channels.get(i), Latency.stamp(size));
                sent.incrementAndGet();
            }
        });
    }

    @Override
    public void close() {
        if (timer >= 0) vertx.cancelTimer(timer);
        timer = -1;
    }
}
