package io.chorus.api.socketio;

import io.chorus.api.socketio.engine.EngineIoOptions;

import java.util.List;

/**
 * The Socket.IO endpoint's settings: the Engine.IO ones, how long a new connection may take to join a namespace,
 * and connection state recovery.
 *
 * @param recoveryWindowMs how long a socket whose connection dropped can be recovered; 0 disables recovery
 * @param conformance      also serve the echo endpoints the official protocol test suites drive
 */
public record SocketIoOptions(EngineIoOptions engine, long connectTimeoutMs, long recoveryWindowMs, int recoveryBuffer,
                              boolean conformance) {
    public static final SocketIoOptions DEFAULTS = new SocketIoOptions(EngineIoOptions.DEFAULTS, 45_000, 120_000, 64, false);

    /** What the official test suites expect of the server they drive. */
    public static SocketIoOptions conformance(SocketIoOptions base) {
        return new SocketIoOptions(base.engine().withTimings(300, 200, 1_000_000).withCors(List.of("*")), 1000,
                base.recoveryWindowMs(), base.recoveryBuffer(), true);
    }
}
