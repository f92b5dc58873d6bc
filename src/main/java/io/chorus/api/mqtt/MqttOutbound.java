package io.chorus.api.mqtt;

import java.util.ArrayDeque;

/**
 * Messages on their way to one client, in order. QoS 1 messages take a packet id and stay in flight until the client's
 * PUBACK; when the in-flight window is full, or the socket is not writable, messages wait in a bounded queue, and a
 * client that lets it overflow is a slow consumer. Nothing is retransmitted: MQTT resends only on reconnect, and this
 * server keeps no session across connections. Used on the connection's event loop only.
 */
final class MqttOutbound {
    /**
     * A message for the client, at the QoS of the subscription that matched. Its payload is {@code head} then
     * {@code tail}: a fan-out renders the part every client sees alike once and only the rest per client.
     */
    record Message(String topic, byte[] head, byte[] tail, int qos, boolean retain) {
        static final byte[] NO_TAIL = new byte[0];

        Message(String topic, byte[] payload, int qos, boolean retain) { this(topic, payload, NO_TAIL, qos, retain); }

        int payloadBytes() { return head.length + tail.length; }
    }

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
    /**
     * Packet ids in flight, one bit per id of {@code 1..lastPacketId}; made on the first QoS 1 message. Ids are taken
     * from a space four times the window (136 bytes of bits at the default 256) rather than all 65,535 (8 KiB), so
     * that a late duplicate PUBACK still finds its id free for a while.
     */
    private long[] inflight;
    private final int lastPacketId;
    private final int maxQueued;
    private int window;
    private int inflightCount;
    private int nextPacketId = 1;

    MqttOutbound(int window, int maxQueued) {
        this.window = window;
        this.maxQueued = maxQueued;
        this.lastPacketId = Math.min(65_535, Math.max(64, 4 * window));
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
        if (inflight == null || packetId < 1 || packetId > lastPacketId || !isInflight(packetId)) return false;
        inflight[packetId >>> 6] &= ~(1L << packetId);
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
        // The id space (larger than the window) guarantees a free id; ids rotate so a late duplicate PUBACK finds none.
        if (inflight == null) inflight = new long[(lastPacketId >>> 6) + 1];
        while (isInflight(nextPacketId)) nextPacketId = following(nextPacketId);
        int id = nextPacketId;
        inflight[id >>> 6] |= 1L << id;
        inflightCount++;
        nextPacketId = following(id);
        return id;
    }

    private boolean isInflight(int packetId) { return (inflight[packetId >>> 6] & 1L << packetId) != 0; }

    private int following(int packetId) { return packetId == lastPacketId ? 1 : packetId + 1; }
}
