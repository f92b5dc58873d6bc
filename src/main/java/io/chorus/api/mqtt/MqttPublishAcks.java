package io.chorus.api.mqtt;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The PUBLISHes of one connection that the application took and has not finished handling. Each gets its PUBACK (if
 * any) once handled, in the order the PUBLISHes came (MQTT-4.6.0-2), even when a later one is handled first. Used on
 * the connection's event loop only.
 */
final class MqttPublishAcks {
    private static final Logger log = LoggerFactory.getLogger(MqttPublishAcks.class);

    private record Pending(int packetId, int qos, String topic, CompletableFuture<Void> handled) {}

    private final ArrayDeque<Pending> pending = new ArrayDeque<>(MqttOutbound.IDLE_CAPACITY);

    int inFlight() { return pending.size(); }

    void add(int packetId, int qos, String topic, CompletableFuture<Void> handled) {
        pending.add(new Pending(packetId, qos, topic, handled));
    }

    /**
     * Acknowledges the handled publishes at the head of the line; returns whether any left it. A publish the
     * application rejected for what the client sent is acknowledged under MQTT 3.1.1 too (it would be sent again and
     * again otherwise) and named by its reason code under MQTT 5; a server failure is not acknowledged under 3.1.1, so
     * the client sends it again when it reconnects.
     */
    boolean acknowledgeHandled(boolean v5, String clientId, Consumer<MqttMessage> reply) {
        boolean any = false;
        Pending head;
        while ((head = pending.peek()) != null && head.handled().isDone()) {
            pending.poll();
            any = true;
            MqttReasonCodes.PubAck code = outcome(head, clientId);
            boolean serverFailure = code == MqttReasonCodes.PubAck.UNSPECIFIED_ERROR;
            if (head.qos() == 1 && (v5 || !serverFailure)) reply.accept(MqttPackets.pubAck(head.packetId(), code));
        }
        return any;
    }

    private static MqttReasonCodes.PubAck outcome(Pending p, String clientId) {
        if (!p.handled().isCompletedExceptionally()) return MqttReasonCodes.PubAck.SUCCESS;
        Throwable cause = p.handled().handle((v, e) -> e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e).join();
        if (cause instanceof MqttApplication.Rejected r) {
            log.debug("MQTT client {}: publish to {} rejected: {}", clientId, p.topic(), r.getMessage());
            return switch (r.reason()) {
                case PAYLOAD_FORMAT_INVALID -> MqttReasonCodes.PubAck.PAYLOAD_FORMAT_INVALID;
                case NOT_AUTHORIZED -> MqttReasonCodes.PubAck.NOT_AUTHORIZED;
                case REFUSED -> MqttReasonCodes.PubAck.IMPLEMENTATION_SPECIFIC_ERROR;
            };
        }
        log.warn("MQTT client {}: publish to {} failed: {}", clientId, p.topic(), cause.toString());
        return MqttReasonCodes.PubAck.UNSPECIFIED_ERROR;
    }

    void clear() { pending.clear(); }
}
