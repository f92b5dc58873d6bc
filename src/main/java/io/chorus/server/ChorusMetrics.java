package io.chorus.server;

import io.chorus.core.Messaging;
import io.chorus.fanout.Hub;
import io.chorus.store.MessageLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The Prometheus metrics of one node; {@link #scrape()} is what {@code GET /metrics} returns. */
public final class ChorusMetrics implements Messaging.Observer, MessageLog.Observer {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter accepted;
    private final Counter slowConsumers;
    private final DistributionSummary batchSize;
    private final Timer commitLatency;
    private final Set<String> apisWithGauge = ConcurrentHashMap.newKeySet();
    private Hub hub;
    private JvmGcMetrics gc;

    public ChorusMetrics() {
        accepted = Counter.builder("chorus.messages.accepted").description("Messages made durable and published")
                .register(registry);
        slowConsumers = Counter.builder("chorus.slow.consumers.dropped")
                .description("Connections closed because their outbound queue was full").register(registry);
        batchSize = DistributionSummary.builder("chorus.store.batch.size").description("Messages per group commit")
                .publishPercentiles(0.5, 0.99).register(registry);
        commitLatency = Timer.builder("chorus.store.commit").description("Time to commit one batch")
                .publishPercentiles(0.5, 0.99).register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
    }

    /** Starts reporting the hub's connections and deliveries. */
    public void watch(Hub hub) {
        this.hub = hub;
        FunctionCounter.builder("chorus.deliveries", hub, Hub::deliveries)
                .description("Messages written to subscriber connections").register(registry);
        connectionsGauge("diode");
        connectionsGauge("socketio");
    }

    /** Reports the broker's health and, for NATS, its cross-node traffic. */
    public void watch(io.chorus.broker.Broker broker) {
        Gauge.builder("chorus.broker.up", broker, b -> b.healthy() ? 1 : 0).tag("kind", broker.kind())
                .description("1 when the broker is connected").register(registry);
        if (broker instanceof io.chorus.broker.NatsBroker nats) {
            FunctionCounter.builder("chorus.broker.published", nats, io.chorus.broker.NatsBroker::sent)
                    .description("Publications sent to other nodes (per subject)").register(registry);
            FunctionCounter.builder("chorus.broker.received", nats, io.chorus.broker.NatsBroker::received)
                    .description("Publications received from other nodes").register(registry);
            FunctionCounter.builder("chorus.broker.reconnects", nats, io.chorus.broker.NatsBroker::reconnects)
                    .description("Reconnections to NATS").register(registry);
            FunctionCounter.builder("chorus.broker.dropped", nats, io.chorus.broker.NatsBroker::dropped)
                    .description("Slow-consumer events on the NATS connection").register(registry);
        }
    }

    /** Reports the store's shared commits (every write but chat messages): writes against the commits that stored them. */
    public void watch(io.chorus.store.Store store) {
        FunctionCounter.builder("chorus.store.writes", store, io.chorus.store.Store::writes)
                .description("Writes stored through shared commits (chat messages are counted by chorus_store_batch_size)")
                .register(registry);
        FunctionCounter.builder("chorus.store.write.commits", store, io.chorus.store.Store::writeCommits)
                .description("Commits of those writes; fewer than writes when writers shared them").register(registry);
    }

    /** Registers the open-connections gauge for a facade (done when the facade starts, so it shows 0 too). */
    public void connectionsGauge(String api) {
        if (hub == null || !apisWithGauge.add(api)) return;
        Hub h = hub;
        Gauge.builder("chorus.connections", () -> h.sessions(api)).tag("api", api)
                .description("Open connections by API").register(registry);
    }

    public void slowConsumerDropped() { slowConsumers.increment(); }

    @Override
    public void accepted(int count) { accepted.increment(count); }

    @Override
    public void batchCommitted(int size, long nanos) {
        batchSize.record(size);
        commitLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public String scrape() { return registry.scrape(); }

    public void close() {
        gc.close();
        registry.close();
    }
}
