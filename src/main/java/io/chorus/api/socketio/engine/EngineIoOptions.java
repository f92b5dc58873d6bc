package io.chorus.api.socketio.engine;

import java.util.List;

/**
 * How an Engine.IO endpoint behaves.
 *
 * @param corsOrigins           origins allowed cross-origin (with credentials); "*" allows any; empty: same origin only
 * @param maxSessionsPerAddress open sessions per client address; 0 = unlimited
 * @param outboundQueue         packets queued for a client that does not read before it is disconnected
 */
public record EngineIoOptions(int pingIntervalMs, int pingTimeoutMs, int maxPayload, int upgradeTimeoutMs,
                              boolean allowEio3, List<String> corsOrigins, int maxSessionsPerAddress,
                              int outboundQueue) {
    public static final EngineIoOptions DEFAULTS =
            new EngineIoOptions(25_000, 20_000, 1_000_000, 10_000, true, List.of(), 1000, 1024);

    public EngineIoOptions {
        if (pingIntervalMs <= 0 || pingTimeoutMs <= 0) throw new IllegalArgumentException("ping interval and timeout must be positive");
        if (maxPayload < 1024) throw new IllegalArgumentException("maxPayload must be at least 1024 bytes");
        corsOrigins = List.copyOf(corsOrigins);
    }

    public EngineIoOptions withTimings(int pingIntervalMs, int pingTimeoutMs, int maxPayload) {
        return new EngineIoOptions(pingIntervalMs, pingTimeoutMs, maxPayload, upgradeTimeoutMs, allowEio3, corsOrigins,
                maxSessionsPerAddress, outboundQueue);
    }

    public EngineIoOptions withCors(List<String> origins) {
        return new EngineIoOptions(pingIntervalMs, pingTimeoutMs, maxPayload, upgradeTimeoutMs, allowEio3, origins,
                maxSessionsPerAddress, outboundQueue);
    }
}
