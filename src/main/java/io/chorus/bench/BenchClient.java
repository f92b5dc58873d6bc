package io.chorus.bench;

import io.vertx.core.Future;

import java.util.function.Consumer;

/** One load-tool connection speaking a server's real protocol: Chorus's Diode API or NATS over WebSocket. */
interface BenchClient {
    /** Connects (and authenticates). */
    Future<Void> connect();

    /** Subscribes to a channel (Diode channel id, NATS subject); completes when the server confirmed. */
    Future<Void> subscribe(String channel);

    /** Sends a message without waiting for an answer. */
    void publish(String channel, String text);

    /** Receives every delivered frame's text and where in it the message text starts (-1 if none). */
    void onDelivery(Consumer<Delivery> handler);

    /**
     * Runs once when the connection ends, with the reason (the server's close code and text, say). A run reads its
     * count before it closes its own connections, so what it reports are ends it did not cause.
     */
    void onLost(Consumer<String> handler);

    void close();

    record Delivery(CharSequence frame, int textStart) {}
}
