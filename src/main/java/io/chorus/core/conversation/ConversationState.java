package io.chorus.core.conversation;

/**
 * One user's marks on one conversation (a channel as that user sees it). Times are epoch milliseconds, null when
 * never set. A conversation is archived or deleted only until a message newer than the mark arrives, and its
 * messages are new to the user when they came after {@code seenAt}. {@code patch} holds other fields the client
 * set on it (a JSON object text), which are shown back as they were given.
 */
public record ConversationState(String userId, String channelId, Long seenAt, Long archivedAt, Long clearedAt,
                                String patch) {

    public static ConversationState none(String userId, String channelId) {
        return new ConversationState(userId, channelId, null, null, null, null);
    }

    public ConversationState seen(long at) { return new ConversationState(userId, channelId, at, archivedAt, clearedAt, patch); }

    public ConversationState unseen() { return new ConversationState(userId, channelId, null, archivedAt, clearedAt, patch); }

    public ConversationState archived(long at) { return new ConversationState(userId, channelId, seenAt, at, clearedAt, patch); }

    public ConversationState cleared(long at) { return new ConversationState(userId, channelId, seenAt, archivedAt, at, patch); }

    public ConversationState withPatch(String json) { return new ConversationState(userId, channelId, seenAt, archivedAt, clearedAt, json); }

    public boolean isArchived(long lastMessageAt) { return archivedAt != null && archivedAt >= lastMessageAt; }

    public boolean isCleared(long lastMessageAt) { return clearedAt != null && clearedAt >= lastMessageAt; }

    public boolean isNew(long lastMessageAt) { return seenAt == null || seenAt < lastMessageAt; }
}
