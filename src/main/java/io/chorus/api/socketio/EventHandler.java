package io.chorus.api.socketio;

import com.fasterxml.jackson.databind.node.ArrayNode;

/** Handles one event from a client, on the socket's event loop. {@code ack} is null unless the client asked for one. */
@FunctionalInterface
public interface EventHandler {
    void handle(SocketIoSocket socket, ArrayNode args, Ack ack);
}
