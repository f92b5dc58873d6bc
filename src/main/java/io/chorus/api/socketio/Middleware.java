package io.chorus.api.socketio;

import java.util.function.Consumer;

/**
 * A step run before a socket joins its namespace (authentication, typically). It calls {@code next} once, from any
 * thread: with null to let the socket in, or with the error the client receives as CONNECT_ERROR.
 */
@FunctionalInterface
public interface Middleware {
    void handle(SocketIoSocket socket, Consumer<ConnectError> next);
}
