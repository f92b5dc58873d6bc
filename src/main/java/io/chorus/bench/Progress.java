package io.chorus.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A live progress line on standard error, redrawn every second until closed. */
final class Progress implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-progress");
        t.setDaemon(true);
        return t;
    });
    private final Supplier<String> line;

    Progress(Supplier<String> line) {
        this.line = line;
        timer.scheduleAtFixedRate(this::draw, 1, 1, TimeUnit.SECONDS);
    }

    private void draw() { System.err.print("\r\033[K" + line.get()); }

    @Override
    public void close() {
        timer.shutdownNow();
        draw();
        System.err.println();
    }
}
