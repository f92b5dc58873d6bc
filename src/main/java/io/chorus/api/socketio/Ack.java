package io.chorus.api.socketio;

import com.fasterxml.jackson.databind.JsonNode;

/** The reply a client asked for with its event; only the first call is sent. Any thread. */
@FunctionalInterface
public interface Ack {
    void send(JsonNode... args);
}
