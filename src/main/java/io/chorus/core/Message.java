package io.chorus.core;

/**
 * A stored chat message. {@code offset} is its position in the channel (1, 2, 3, ... without gaps);
 * {@code attributes} and {@code metadata} are JSON object texts or null; times are epoch milliseconds.
 */
public record Message(String id, String zoneId, String channelId, long offset, String senderId, String text,
                      String type, String attributes, String metadata, String replyTo, long createdAt,
                      Long editedAt, Long deletedAt) {
    public static final String TYPE_TEXT = "text";
}
