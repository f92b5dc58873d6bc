package io.chorus.core.conversation;

/** Changes to one user's timeline, published to that user's topic (every session of theirs hears them). */
public sealed interface ConversationEvent {

    /** The user set fields of a conversation ({@code patch} is the JSON object they sent, as given). */
    record Updated(String zoneId, String userId, String channelId, String conversWith, String patch) implements ConversationEvent {}

    /** The user archived a conversation; {@code view} is how it looks now. */
    record Archived(String zoneId, ConversationView view) implements ConversationEvent {}

    /** {@code receiver} received a message that {@code senderId} sent: published to the sender. */
    record Received(String zoneId, String channelId, String messageId, String senderId, String receiver) implements ConversationEvent {}
}
