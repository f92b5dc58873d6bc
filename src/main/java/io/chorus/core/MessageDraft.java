package io.chorus.core;

/** A message accepted by the core and waiting to be made durable; the store gives it its offset. */
public record MessageDraft(String id, String zoneId, String channelId, String senderId, String text, String type,
                           String attributes, String metadata, String replyTo, long createdAt,
                           String idempotencyKey) {

    public Message toMessage(long offset) {
        return new Message(id, zoneId, channelId, offset, senderId, text, type, attributes, metadata, replyTo,
                createdAt, null, null);
    }
}
