package io.chorus.api.mqtt;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Messages on their way to one client, in order. QoS 1 messages take a packet id and stay in flight until the client's
 * PUBACK; when the in-flight window is full, or the socket is not writable, messages wait in a bounded queue, and a
 * client that lets it overflow is a slow consumer. Nothing is retransmitted: MQTT resends only on reconnect, and this
 * server keeps no session across connections. Used on the connection's event loop only.
 */
final class MqttOutbound {
    /** A message for the client, at the QoS of the subscription that matched. */
    record Message(String topic, byte[] payload, int qos, boolean retain) {}

    /** Where messages go when they leave the queue. */
    interface Sink {
        /** False while the socket cannot take more. */
        boolean ready();

        /** Writes the message (not flushed); {@code packetId} is 0 for QoS 0. */
        void send(Message message, int packetId);
    }

    /**
     * Initial capacity of a connection's packet queues (this one, the inbound packets and the PUBACKs waiting): an
     * idle connection holds none, and the default 16 slots of each were ~170 bytes of it; busy ones grow them.
     */
    static final int IDLE_CAPACITY = 3;

    private final ArrayDeque<Message> queue = new ArrayDeque<>(IDLE_CAPACITY);
    /** Packet ids in flight; made on the first QoS 1 message (a 64 Ki-bit set would be 8 KiB on every idle connection). */
    private Set<Integer> inflight;
    private final int maxQueued;
    private int window;
    private int inflightCount;
    private int nextPacketId = 1;

    MqttOutbound(int window, int maxQueued) {
        this.window = window;
        this.maxQueued = maxQueued;
    }

    /** The client's MQTT 5 Receive Maximum lowers the window. */
    void limitWindow(int clientReceiveMaximum) {
        window = Math.min(window, clientReceiveMaximum);
    }

    /** Queues a message; false if the queue is full (the caller disconnects the client). */
    boolean offer(Message m) {
        if (queue.size() >= maxQueued) return false;
        queue.add(m);
        return true;
    }

    /** Sends what the window and the socket allow, in order (a QoS 0 message does not overtake a waiting QoS 1). */
    void pump(Sink sink) {
        while (!queue.isEmpty() && sink.ready()) {
            Message m = queue.peek();
            if (m.qos() > 0 && inflightCount >= window) return;
            queue.poll();
            sink.send(m, m.qos() > 0 ? take() : 0);
        }
    }

    /** The client's PUBACK; false if that packet id was not in flight (a protocol error by the client). */
    boolean acknowledged(int packetId) {
        if (inflight == null || !inflight.remove(packetId)) return false;
        inflightCount--;
        return true;
    }

    /** A packet id given back without an acknowledgement (the message could not be sent). */
    void release(int packetId) { acknowledged(packetId); }

    int queued() { return queue.size(); }

    int inflight() { return inflightCount; }

    void clear() {
        queue.clear();
        inflight = null;
        inflightCount = 0;
    }

    private int take() {
        // The window (at most 65,535) guarantees a free id exists; ids rotate so a late duplicate PUBACK finds nothing.
        if (inflight == null) inflight = new HashSet<>();
        while (inflight.contains(nextPacketId)) nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
        int id = nextPacketId;
        inflight.add(id);
        inflightCount++;
        nextPacketId = id == 65_535 ? 1 : id + 1;
        return id;
    }
}
