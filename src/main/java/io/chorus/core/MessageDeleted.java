package io.chorus.core;

/** A message was deleted: published to its channel's subscribers so that clients drop it from view. */
public record MessageDeleted(String zoneId, String channelId, String messageId) {}
