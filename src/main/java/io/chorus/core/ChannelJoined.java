package io.chorus.core;

/**
 * Users became members of a channel (a new direct channel, members added to a group): published to their user
 * topics, so that sessions which follow a user's channels (MQTT) start following this one. {@code offset} is the
 * channel's last offset when they joined: a session that starts following later reads what came after it from
 * history, so nothing sent in between is missed. It names the channel's kind because on another node it can arrive
 * before the directory there has the channel.
 */
public record ChannelJoined(String channelId, String zoneId, ChannelKind kind, long offset) {}
