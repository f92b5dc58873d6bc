package io.chorus.core;

import java.util.List;

/**
 * A channel of a zone. {@code members} is empty for an open group channel (every zone member may use it) and
 * lists the user ids otherwise (always two for a direct channel). {@code epoch} names this channel's history
 * stream for recovery: it changes only if history is lost.
 */
public record Channel(String id, String zoneId, String name, ChannelKind kind, String epoch, long createdAt,
                      List<String> members) {

    public Channel {
        members = List.copyOf(members);
    }

    public boolean isOpen() { return members.isEmpty(); }

    public boolean hasMember(String userId) { return members.contains(userId); }
}
