package io.chorus.api.chat21;

/**
 * A client's PUBLISH into its own subtree ({@code apps/<app>/users/<me>/...}: presence, updates), passed on to that
 * user's other MQTT sessions, on any node, as a broker would. Published to the user's topic.
 */
public record Chat21Relay(String userId, String topic, byte[] payload) {}
