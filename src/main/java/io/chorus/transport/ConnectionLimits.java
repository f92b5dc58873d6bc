package io.chorus.transport;

/**
 * Per-connection limits shared by every facade: requests per second (token bucket, burst of twice the rate;
 * 0 disables), subscriptions per connection, connections per user, frames waiting for a slow peer, and the
 * keep-alive ping interval.
 */
public record ConnectionLimits(int requestsPerSecond, int maxSubscriptions, int maxConnectionsPerUser,
                               int outboundQueue, int pingIntervalSeconds) {}
