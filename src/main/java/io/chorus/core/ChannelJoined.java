package io.chorus.core;

/**
 * Users became members of a channel (a new direct channel, members added to a group): published to their user
 * topics, so that sessions which follow a user's channels (MQTT) start following this one.
 */
public record ChannelJoined(String channelId, String zoneId) {}
