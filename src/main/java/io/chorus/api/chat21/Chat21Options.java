package io.chorus.api.chat21;

import java.util.List;

/**
 * Chat21 settings.
 *
 * @param jwtSecret        the HS256 key of the tokens (null: generated once and kept in the data directory)
 * @param mqttPort         the MQTT TCP port (0: a random one, -1: none; MQTT over WebSocket is always on /mqtt and /ws)
 * @param mqttPortExplicit whether the port was chosen by the user (then failing to bind it stops the start)
 * @param webhookEndpoints URLs that receive webhook events (empty: none)
 * @param webhookEvents    the events posted (presence-change always is, as in the reference)
 * @param webhookSecret    the key of the {@code X-Chorus-Signature} HMAC header (null: derived from the JWT secret)
 */
public record Chat21Options(String jwtSecret, int mqttPort, boolean mqttPortExplicit, List<String> webhookEndpoints,
                            List<String> webhookEvents, String webhookSecret) {
    public static final List<String> ALL_EVENTS = List.of("message-sent", "message-delivered", "message-received",
            "message-return-receipt", "conversation-archived");
    public static final Chat21Options DEFAULTS = new Chat21Options(null, 1883, false, List.of(), ALL_EVENTS, null);

    public Chat21Options {
        webhookEndpoints = List.copyOf(webhookEndpoints);
        webhookEvents = List.copyOf(webhookEvents);
        if (mqttPort < -1 || mqttPort > 65535) throw new IllegalArgumentException("the MQTT port must be 0-65535, or -1 for none");
    }

    public Chat21Options withJwtSecret(String secret) {
        return new Chat21Options(secret, mqttPort, mqttPortExplicit, webhookEndpoints, webhookEvents, webhookSecret);
    }

    public Chat21Options withMqttPort(int port) {
        return new Chat21Options(jwtSecret, port, true, webhookEndpoints, webhookEvents, webhookSecret);
    }

    public Chat21Options withWebhooks(List<String> endpoints, List<String> events) {
        return new Chat21Options(jwtSecret, mqttPort, mqttPortExplicit, endpoints, events, webhookSecret);
    }
}
