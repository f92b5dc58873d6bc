package io.chorus.api.socketio.engine;

/** Input that is not a valid Engine.IO packet or payload; the session that sent it is closed. */
public final class EngineIoFormatException extends RuntimeException {
    public EngineIoFormatException(String message) { super(message, null, false, false); }
}
