package io.chorus.api.socketio;

import com.fasterxml.jackson.databind.JsonNode;

/** Why a namespace refused a socket: {@code message} for every client, {@code data} (optional) for v3+ clients. */
public record ConnectError(String message, JsonNode data) {
    public static ConnectError of(String message) { return new ConnectError(message, null); }
}
