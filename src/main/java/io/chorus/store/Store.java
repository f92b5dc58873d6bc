package io.chorus.store;

import io.chorus.core.Channel;
import io.chorus.core.Member;
import io.chorus.core.Message;
import io.chorus.core.MessageDraft;
import io.chorus.core.Role;
import io.chorus.core.User;
import io.chorus.core.Zone;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Durable state: the directory (users, zones, members, channels) and message history. Calls block and must
 * run off the event loops. One schema serves every implementation (SQLite embedded, PostgreSQL for many nodes).
 */
public interface Store extends AutoCloseable {

    // Directory: read whole at start (it is small next to history) and written through as it changes.
    List<User> loadUsers();

    List<Zone> loadZones();

    List<Member> loadMembers();

    List<Channel> loadChannels();

    // Single rows, for nodes that learn another node changed the directory.
    Optional<User> findUser(String id);

    Optional<Zone> findZone(String id);

    Optional<Member> findMember(String zoneId, String userId);

    Optional<Channel> findChannel(String id);

    void insertUser(User user);

    void updateUser(User user);

    void insertZone(Zone zone);

    void upsertMember(Member member);

    void deleteMember(String zoneId, String userId);

    void insertChannel(Channel channel);

    /** Changes a group channel's name and members (kind, epoch and creation time stay). */
    void updateChannel(Channel channel);

    // History.

    /**
     * Appends the drafts in one transaction, in order, giving each the channel's next offset. A draft whose
     * (sender, idempotency key) was already stored yields the stored message, flagged as a duplicate.
     */
    List<Appended> appendMessages(List<MessageDraft> drafts);

    /** Messages of one channel with offset greater than {@code afterOffset}, oldest first. */
    List<Message> messagesAfterOffset(String channelId, long afterOffset, int limit);

    /** Messages of the given channels by creation time, for "what happened since" queries. */
    List<Message> messagesByTime(Collection<String> channelIds, long afterMillis, int limit, boolean newestFirst);

    /** The latest offset given in a channel (0 when empty). */
    long lastOffset(String channelId);

    Optional<Message> findMessage(String messageId);

    /** The newest {@code limit} messages of a channel that are not deleted, oldest first. */
    List<Message> latestMessages(String channelId, int limit);

    /** Marks a message deleted and forgets its text (the row stays so offsets have no gaps); false if already gone. */
    boolean markDeleted(String messageId, long atMillis);

    List<Message> findMessages(Collection<String> messageIds);

    /** The newest message of each of the channels given that has one (deleted messages left out). */
    java.util.Map<String, Message> latestPerChannel(Collection<String> channelIds);

    /** Marks every message of a channel deleted (as {@link #markDeleted} does one); returns how many. */
    int markAllDeleted(String channelId, long atMillis);

    /** Last message time per channel, for the channels given. */
    java.util.Map<String, Long> lastMessageTimes(Collection<String> channelIds);

    // Moving a deployment (export from one store, import into another).

    /** A channel's messages after an offset, with their idempotency keys, oldest first. */
    List<Archived> archivedAfterOffset(String channelId, long afterOffset, int limit);

    /** Stores exported messages exactly as they were (ids, offsets, keys) and moves channel offsets past them. */
    void importMessages(List<Archived> messages);

    /** Writes stored (chat messages excepted: see {@link MessageLog}), and the commits that stored them. */
    long writes();

    long writeCommits();

    /** True when a trivial query succeeds. */
    boolean healthy();

    /** The device domain's tables, on the same database. */
    DeviceStore devices();

    /** Per-user conversation state, group profiles, receipts, retained MQTT messages, on the same database. */
    ConversationStore conversations();

    @Override
    void close();

    record Appended(Message message, boolean duplicate) {}

    record Archived(Message message, String idempotencyKey) {}

    static Role roleOf(String s) {
        return Role.parse(s).orElseThrow(() -> new StoreException("unknown role in store: " + s, null));
    }
}
