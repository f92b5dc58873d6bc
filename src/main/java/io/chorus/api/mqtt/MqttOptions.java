package io.chorus.api.mqtt;

import java.time.Duration;

/**
 * Limits of the MQTT protocol layer, per connection.
 *
 * @param maxPacketBytes      largest packet a client may send (its remaining length); larger ones close the connection
 * @param maxInflight         QoS 1 messages sent to a client and not yet acknowledged (fewer if the client's MQTT 5
 *                            Receive Maximum says so); further messages wait in the queue
 * @param maxQueuedMessages   messages waiting for the in-flight window or a writable socket; one more and the client
 *                            is disconnected as a slow consumer
 * @param maxSubscriptions    topic filters one connection may hold
 * @param connectTimeout      how long a new connection may take to be accepted by a CONNECT
 */
public record MqttOptions(int maxPacketBytes, int maxInflight, int maxQueuedMessages, int maxSubscriptions,
                          Duration connectTimeout) {

    public MqttOptions {
        if (maxPacketBytes < 64) throw new IllegalArgumentException("maxPacketBytes must be at least 64");
        if (maxInflight < 1 || maxInflight > 65_535) throw new IllegalArgumentException("maxInflight must be 1..65535");
        if (maxQueuedMessages < 1) throw new IllegalArgumentException("maxQueuedMessages must be positive");
        if (maxSubscriptions < 1) throw new IllegalArgumentException("maxSubscriptions must be positive");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) throw new IllegalArgumentException("connectTimeout must be positive");
    }

    public static MqttOptions defaults() {
        return new MqttOptions(256 * 1024, 256, 10_000, 1_000, Duration.ofSeconds(10));
    }

    public MqttOptions withMaxPacketBytes(int bytes) {
        return new MqttOptions(bytes, maxInflight, maxQueuedMessages, maxSubscriptions, connectTimeout);
    }

    public MqttOptions withConnectTimeout(Duration timeout) {
        return new MqttOptions(maxPacketBytes, maxInflight, maxQueuedMessages, maxSubscriptions, timeout);
    }
}
