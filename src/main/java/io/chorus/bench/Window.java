package io.chorus.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One measured interval: messages sent, deliveries, latency, connections the server or the network ended, the
 * server's CPU and memory and the load tool's CPU over it, and the latency second by second ({@code per_second}: a
 * tail is easier to tie to a GC pause, a checkpoint or a stolen CPU when one knows which seconds it came from).
 */
final class Window {
    private final BenchRun run;
    private final Latency latency;
    private final LongAdder delivered;
    private final AtomicLong sent;
    private long t0;
    private long sent0;
    private long delivered0;
    private double cpu0;
    private double toolCpu0;
    /** Connections lost up to the end of the previous window (or this window's creation). */
    private long lostBefore;
    /** The whole window's latencies, added up from the per-second intervals (guarded by {@code this}). */
    private final Histogram total = new Histogram(3);
    private ArrayNode perSecond;
    private long timer = -1;

    Window(BenchRun run, Latency latency, LongAdder delivered, AtomicLong sent) {
        this.run = run;
        this.latency = latency;
        this.delivered = delivered;
        this.sent = sent;
        this.lostBefore = run.lostConnections();
    }

    void begin() {
        synchronized (this) {
            latency.take();
            total.reset();
            perSecond = BenchRun.JSON.createArrayNode();
        }
        timer = run.vertx.setPeriodic(1000, id -> second());
        t0 = System.nanoTime();
        sent0 = sent.get();
        delivered0 = delivered.sum();
        cpu0 = run.server.cpuSeconds();
        toolCpu0 = run.tool.cpuSeconds();
    }

    /** Ends the window and writes its figures into {@code out}; returns p99 in milliseconds. */
    double end(ObjectNode out, int fanout) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        long s = sent.get() - sent0;
        long d = delivered.sum() - delivered0;
        run.vertx.cancelTimer(timer);
        Histogram h;
        synchronized (this) {
            second();
            h = total;
            out.set("per_second", perSecond);
        }
        out.put("seconds", round(seconds));
        out.put("messages_sent", s);
        out.put("messages_per_second", round(s / seconds));
        out.put("deliveries", d);
        out.put("deliveries_per_second", round(d / seconds));
        out.put("delivered_ratio", s == 0 ? 0 : round((double) d / (s * (double) fanout)));
        out.put("latency_p50_ms", ms(h.getValueAtPercentile(50)));
        out.put("latency_p99_ms", ms(h.getValueAtPercentile(99)));
        out.put("latency_p999_ms", ms(h.getValueAtPercentile(99.9)));
        out.put("latency_max_ms", ms(h.getMaxValue()));
        // Counted from the previous window's end, so a subscriber dropped during this step's warm-up counts here.
        long lostNow = run.lostConnections();
        out.put("connections_lost", lostNow - lostBefore);
        lostBefore = lostNow;
        // The load tool shares the machine: near one core per event loop, it (not the server) is the limit.
        out.put("load_tool_cpu_cores", round((run.tool.cpuSeconds() - toolCpu0) / seconds));
        if (run.server.available()) {
            out.put("server_cpu_cores", round((run.server.cpuSeconds() - cpu0) / seconds));
            out.put("server_rss_mib", round(run.server.rssBytes() / 1048576.0));
        }
        return ms(h.getValueAtPercentile(99));
    }

    /** Closes one second (or the window's last part): its latencies join the total and get a line of their own. */
    private synchronized void second() {
        Histogram h = latency.take();
        total.add(h);
        perSecond.addObject().put("deliveries", h.getTotalCount()).put("p99_ms", ms(h.getValueAtPercentile(99)))
                .put("max_ms", ms(h.getMaxValue()));
    }

    /** The window's figures on one line for the console, without the per-second detail (that is in the result file). */
    static String summary(ObjectNode figures) {
        ObjectNode brief = figures.deepCopy();
        brief.remove("per_second");
        try {
            return BenchRun.JSON.writeValueAsString(brief).replaceAll("\\s+", " ");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static double ms(long micros) { return round(micros / 1000.0); }

    static double round(double v) { return Math.round(v * 1000) / 1000.0; }
}
