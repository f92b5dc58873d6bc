package io.chorus.core.conversation;

import io.chorus.core.Channel;

import java.util.List;

/**
 * A group was created or changed: published to the user topics of its members and of those it just lost, with
 * the group as it is now. {@code change} says what changed; {@code added} and {@code removed} who joined or left.
 */
public record GroupChanged(Channel channel, GroupProfile profile, Change change, List<String> added, List<String> removed) {
    public enum Change { CREATED, MEMBERS, RENAMED, ATTRIBUTES }
}
