package io.chorus.core.conversation;

/**
 * What a group channel has beyond its name and members: an owner (who may change it), free-form attributes (a
 * JSON object text or null) and when it last changed.
 */
public record GroupProfile(String channelId, String ownerId, String attributes, long updatedAt) {}
