package io.chorus.api.socketio.parser;

/** Input that is not a valid Socket.IO packet; the connection that sent it is closed. */
public final class SocketIoFormatException extends RuntimeException {
    public SocketIoFormatException(String message) { super(message, null, false, false); }
}
