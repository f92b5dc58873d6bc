package io.chorus.broker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.fanout.Hub;
import io.chorus.fanout.Publication;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The broker between nodes, over NATS core. This node delivers what it accepts to its own hub directly and
 * publishes it once per topic subject; it subscribes only to the subjects of topics that its own sessions
 * subscribe to (the hub tells it when the first subscriber comes and the last goes). The connection is made with
 * no-echo, so a node never receives its own publications back. A committed batch travels as one NATS message per
 * subject, and is flushed to the NATS server before the senders are acknowledged. Local and remote messages meet
 * in a {@link Sequencer}, which delivers each channel in offset order.
 */
public final class NatsBroker implements Broker, Hub.InterestListener {
    private static final Logger log = LoggerFactory.getLogger(NatsBroker.class);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);
    /** How long a message that arrived ahead of its channel's next offset waits for the one before it. */
    private static final long HOLD_MILLIS = 200;

    private final Hub hub;
    private final Connection nats;
    private final String prefix;
    private final PublicationCodec codec;
    private final ObjectMapper json;
    private final Dispatcher publications;
    private final Sequencer sequencer;
    private final Map<String, String> topicBySubject = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private Dispatcher controls;

    private NatsBroker(Hub hub, Connection nats, String prefix, PublicationCodec codec, ObjectMapper json) {
        this.hub = hub;
        this.nats = nats;
        this.prefix = prefix;
        this.codec = codec;
        this.json = json;
        this.publications = nats.createDispatcher(this::received);
        this.sequencer = new Sequencer(HOLD_MILLIS, hub::publishAll);
    }

    /** Connects (failing fast when NATS is not there at start); later outages are ridden out by reconnecting. */
    public static NatsBroker connect(Hub hub, String url, String prefix, String nodeName, PublicationCodec codec,
                                     ObjectMapper json) throws IOException, InterruptedException {
        if (!NatsSubjects.validPrefix(prefix)) {
            throw new IllegalArgumentException("cluster name must be letters, digits, '_' or '-' (dots between): " + prefix);
        }
        NatsBroker[] self = new NatsBroker[1];
        Options options = Options.builder().server(url).connectionName("chorus " + nodeName).noEcho()
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(250)).connectionTimeout(Duration.ofSeconds(3))
                .pingInterval(Duration.ofSeconds(5)).reconnectBufferSize(64L * 1024 * 1024)
                .connectionListener((conn, event) -> {
                    log.info("NATS {}", event.getEvent());
                    if (event == ConnectionListener.Events.RECONNECTED && self[0] != null) self[0].reconnects.increment();
                })
                .errorListener(new ErrorListener() {
                    @Override
                    public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
                        log.warn("NATS: this node is not keeping up with cross-node traffic; messages were dropped");
                        if (self[0] != null) self[0].dropped.increment();
                    }
                })
                .build();
        Connection connection = Nats.connect(options);
        self[0] = new NatsBroker(hub, connection, prefix, codec, json);
        return self[0];
    }

    @Override
    public void start(Consumer<Control> fromOtherNodes) {
        // Controls get their own dispatcher (its own thread): applying a directory change reads the store.
        controls = nats.createDispatcher(msg -> {
            try {
                Control event = json.readValue(msg.getData(), Control.class);
                LocalBroker.apply(hub, event);
                fromOtherNodes.accept(event);
            } catch (IOException | RuntimeException e) {
                log.error("cannot apply a control event from another node", e);
            }
        });
        controls.subscribe(NatsSubjects.control(prefix));
        hub.setInterestListener(this);
    }

    @Override
    public void publish(Publication p) {
        hub.publish(p);
        send(List.of(p));
    }

    @Override
    public void publishAll(List<Publication> batch) {
        sequencer.accept(batch);
        send(batch);
        if (nats.getStatus() == Connection.Status.CONNECTED) {
            try {
                nats.flush(FLUSH_TIMEOUT);
            } catch (TimeoutException e) {
                log.warn("NATS did not confirm a batch within {}; it stays queued for delivery", FLUSH_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One encoding per publication; one NATS message per subject with everything of the batch for it. */
    private void send(List<Publication> batch) {
        Map<String, List<byte[]>> bySubject = new LinkedHashMap<>();
        for (Publication p : batch) {
            if (!codec.carries(p)) continue;
            byte[] encoded = codec.encode(p);
            for (int t = p.firstTopic(); t < p.topics().size(); t++) {
                bySubject.computeIfAbsent(NatsSubjects.topic(prefix, p.topics().get(t)), k -> new ArrayList<>()).add(encoded);
            }
        }
        long maxPayload = Math.max(1024, nats.getMaxPayload());
        bySubject.forEach((subject, encoded) -> {
            List<byte[]> chunk = new ArrayList<>();
            long size = 2;
            for (byte[] e : encoded) {
                if (e.length + 2 > maxPayload) {
                    log.error("a publication of {} bytes is over NATS's max_payload ({}); other nodes will not get it live",
                            e.length, maxPayload);
                    continue;
                }
                if (!chunk.isEmpty() && size + e.length + 1 > maxPayload) {
                    publishChunk(subject, chunk);
                    chunk = new ArrayList<>();
                    size = 2;
                }
                chunk.add(e);
                size += e.length + 1;
            }
            if (!chunk.isEmpty()) publishChunk(subject, chunk);
        });
    }

    private void publishChunk(String subject, List<byte[]> chunk) {
        nats.publish(subject, PublicationCodec.batch(chunk));
        sent.add(chunk.size());
    }

    /** On the dispatcher thread: another node's batch for one topic this node subscribes to. */
    private void received(Message msg) {
        String topic = topicBySubject.get(msg.getSubject());
        if (topic == null) return; // unsubscribed while it was on its way
        try {
            List<PublicationCodec.Received> decoded = codec.decode(msg.getData());
            List<Publication> batch = new ArrayList<>(decoded.size());
            for (PublicationCodec.Received r : decoded) batch.add(r.through(topic));
            received.add(batch.size());
            sequencer.accept(batch);
        } catch (RuntimeException e) {
            log.error("dropping a malformed publication batch on {}", msg.getSubject(), e);
        }
    }

    /**
     * Called by the hub from any loop. The flag may arrive out of order between loops, so the current interest is
     * re-read under the lock and the subscription made to match it.
     */
    @Override
    public synchronized void interestChanged(String topic, boolean interested) {
        String subject = NatsSubjects.topic(prefix, topic);
        boolean wanted = hub.hasSubscribers(topic);
        boolean subscribed = topicBySubject.containsKey(subject);
        if (wanted && !subscribed) {
            topicBySubject.put(subject, topic);
            publications.subscribe(subject);
        } else if (!wanted && subscribed) {
            topicBySubject.remove(subject);
            publications.unsubscribe(subject);
        }
    }

    @Override
    public void control(Control event) {
        LocalBroker.apply(hub, event);
        try {
            nats.publish(NatsSubjects.control(prefix), json.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a control event", e);
        }
    }

    @Override
    public boolean healthy() { return nats.getStatus() == Connection.Status.CONNECTED; }

    @Override
    public String kind() { return "nats"; }

    public String status() { return nats.getStatus().name().toLowerCase(java.util.Locale.ROOT); }

    public long sent() { return sent.sum(); }

    public long received() { return received.sum(); }

    public long reconnects() { return reconnects.sum(); }

    public long dropped() { return dropped.sum(); }

    @Override
    public void close() {
        sequencer.close();
        try {
            nats.flush(Duration.ofSeconds(1));
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
            // Best effort: what is unflushed is in the store, and other nodes' clients recover it.
        }
        try {
            nats.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
