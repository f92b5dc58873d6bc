package io.chorus.core;

/**
 * Core limits. {@code maxMessageBytes} bounds a message's UTF-8 text; history queries are capped at
 * {@code maxHistory}; a recovery gap larger than {@code maxRecovery} is not replayed (the client reloads instead).
 */
public record Limits(int maxMessageBytes, int maxHistory, int maxRecovery, int maxBatch) {
    public static final Limits DEFAULTS = new Limits(64 * 1024, 500, 1000, 1024);
}
