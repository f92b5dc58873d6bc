package io.chorus.core;

/** A channel was created by {@code createdBy}: published to the other members' user topics. */
public record ChannelCreated(String channelId, String zoneId, String createdBy) {}
