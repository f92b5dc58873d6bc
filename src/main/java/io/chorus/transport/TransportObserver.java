package io.chorus.transport;

/** What transports report for metrics. */
public interface TransportObserver {
    void slowConsumerDropped();
}
