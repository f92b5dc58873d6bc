package io.chorus.core.conversation;

import io.chorus.core.Channel;
import io.chorus.core.MessageEvent;

import java.util.Set;

/**
 * A conversation as one user sees it: the channel, who or what it is with ({@code conversWith}: the other user of a
 * direct channel, the channel itself for a group), its newest message, the user's marks on it, and which users
 * have received that message.
 */
public record ConversationView(String userId, Channel channel, String conversWith, MessageEvent last,
                               ConversationState state, Set<String> lastReceivedBy) {

    public boolean isNew() { return state.isNew(last.message().createdAt()); }

    public boolean archived() { return state.isArchived(last.message().createdAt()); }
}
