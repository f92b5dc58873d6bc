package io.chorus.core;

import io.chorus.broker.Broker;
import io.chorus.fanout.Publication;
import io.chorus.store.Store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/** Zones, their members and channels, and who may read or write where. Blocking: call off the event loop. */
public final class Zones {
    private static final Pattern ZONE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    public static final String GENERAL = "general";

    private final Store store;
    private final Directory directory;
    private final Broker broker;
    private final ReentrantLock lock = new ReentrantLock();

    public Zones(Store store, Directory directory, Broker broker) {
        this.store = store;
        this.directory = directory;
        this.broker = broker;
    }

    /** Creates a zone with its {@code general} channel. */
    public Zone createZone(String id, String name) {
        if (name == null || name.isBlank() || name.length() > 256) {
            throw ChorusException.invalid("invalid_name", "a zone needs a name of 1-256 characters");
        }
        if (id != null && !ZONE_ID.matcher(id).matches()) {
            throw ChorusException.invalid("invalid_zone_id", "zone id must be 1-128 letters, digits, '.', '_' or '-'");
        }
        lock.lock();
        try {
            String zoneId = id != null ? id : Ids.hex160();
            if (directory.zone(zoneId).isPresent()) throw ChorusException.conflict("zone_exists", "zone " + zoneId + " exists");
            Zone z = new Zone(zoneId, name, System.currentTimeMillis());
            store.insertZone(z);
            directory.putZone(z);
            broker.control(DirectorySync.zone(z.id()));
            insertChannel(new Channel(Ids.hex160(), zoneId, GENERAL, ChannelKind.GROUP, Ids.epoch(), z.createdAt(), List.of()));
            return z;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The zone with this id, created (named after its id) if it does not exist yet: APIs whose clients name their
     * tenant themselves (a Chat21 app id) get a zone on first use. Races between nodes end with the stored zone.
     */
    public Zone ensureZone(String zoneId) {
        Optional<Zone> z = directory.zone(zoneId);
        if (z.isPresent()) return z.get();
        try {
            return createZone(zoneId, zoneId);
        } catch (RuntimeException e) {
            Zone stored = store.findZone(zoneId).orElseThrow(() -> e);
            directory.putZone(stored);
            store.loadChannels().stream().filter(c -> c.zoneId().equals(zoneId)).forEach(directory::putChannel);
            return stored;
        }
    }

    /** Makes the user a member of the zone (role Member) unless they already are one. */
    public Member ensureMember(String zoneId, String userId) {
        Optional<Member> m = directory.member(zoneId, userId);
        return m.isPresent() ? m.get() : setMember(zoneId, userId, Role.MEMBER);
    }

    /** Creates a group channel; {@code members} empty means open to every zone member. */
    public Channel createChannel(String zoneId, String name, List<String> members) {
        return createChannel(zoneId, null, name, members);
    }

    /** Creates a group channel with a chosen id (null for a generated one). */
    public Channel createChannel(String zoneId, String id, String name, List<String> members) {
        if (id != null && (id.isBlank() || id.length() > 128)) {
            throw ChorusException.invalid("invalid_channel_id", "a channel id needs 1-128 characters");
        }
        if (name == null || name.isBlank() || name.length() > 256) {
            throw ChorusException.invalid("invalid_name", "a channel needs a name of 1-256 characters");
        }
        lock.lock();
        try {
            requireZone(zoneId);
            for (String m : members) {
                if (directory.user(m).isEmpty()) throw ChorusException.notFound("user_not_found", "no user " + m);
            }
            if (id != null && (directory.channel(id).isPresent() || store.findChannel(id).isPresent())) {
                throw ChorusException.conflict("channel_exists", "channel " + id + " exists");
            }
            Channel c = insertChannel(new Channel(id != null ? id : Ids.hex160(), zoneId, name, ChannelKind.GROUP,
                    Ids.epoch(), System.currentTimeMillis(), members));
            if (!members.isEmpty()) {
                broker.publish(new Publication(members.stream().map(Topics::user).toList(), null,
                        new ChannelJoined(c.id(), zoneId, ChannelKind.GROUP, 0)));
            }
            return c;
        } finally {
            lock.unlock();
        }
    }

    /** The direct channel of two users in a zone, created on first use by {@code userA}. */
    public Channel directChannel(String zoneId, String userA, String userB) {
        Optional<Channel> existing = directory.directChannel(zoneId, userA, userB);
        if (existing.isPresent()) return existing.get();
        lock.lock();
        try {
            existing = directory.directChannel(zoneId, userA, userB);
            if (existing.isPresent()) return existing.get();
            String name = directory.user(userA).map(User::username).orElse(userA) + ", "
                    + directory.user(userB).map(User::username).orElse(userB);
            Channel c = insertChannel(new Channel(Ids.hex160(), zoneId, name, ChannelKind.DIRECT, Ids.epoch(),
                    System.currentTimeMillis(), List.of(userA, userB)));
            // The other user learns of it wherever they are connected (the chat API's channelCreate).
            broker.publish(new Publication(List.of(Topics.user(userB)), null, new ChannelCreated(c.id(), zoneId, userA)));
            broker.publish(new Publication(List.of(Topics.user(userA), Topics.user(userB)), null, new ChannelJoined(c.id(), zoneId, ChannelKind.DIRECT, 0)));
            return c;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Renames a group channel or replaces its members. Members who leave lose their live subscriptions to it;
     * members who join are told on their user topic ({@link ChannelJoined}), so their sessions can follow it.
     */
    public Channel updateGroup(String channelId, String name, List<String> members) {
        Channel before;
        Channel after;
        // Read before the change: whatever is committed afterwards is past this offset, so joiners can catch up on it.
        long offsetBefore = store.lastOffset(channelId);
        lock.lock();
        try {
            before = directory.channel(channelId).filter(c -> c.kind() == ChannelKind.GROUP)
                    .orElseThrow(() -> ChorusException.notFound("channel_not_found", "no group channel " + channelId));
            if (name == null || name.isBlank() || name.length() > 256) {
                throw ChorusException.invalid("invalid_name", "a channel needs a name of 1-256 characters");
            }
            for (String m : members) {
                if (directory.user(m).isEmpty()) throw ChorusException.notFound("user_not_found", "no user " + m);
            }
            after = new Channel(before.id(), before.zoneId(), name, before.kind(), before.epoch(), before.createdAt(), members);
            store.updateChannel(after);
            directory.putChannel(after);
            broker.control(DirectorySync.channel(after.id()));
        } finally {
            lock.unlock();
        }
        for (String gone : before.members()) {
            if (!after.hasMember(gone)) {
                broker.control(new Broker.Control.DropSubscriptions(gone, List.of(Topics.channel(after.id()))));
            }
        }
        List<String> joined = new ArrayList<>();
        for (String m : after.members()) if (!before.hasMember(m)) joined.add(Topics.user(m));
        if (!joined.isEmpty()) broker.publish(new Publication(joined, null, new ChannelJoined(after.id(), after.zoneId(), ChannelKind.GROUP, offsetBefore)));
        return after;
    }

    private Channel insertChannel(Channel c) {
        store.insertChannel(c);
        directory.putChannel(c);
        broker.control(DirectorySync.channel(c.id()));
        return c;
    }

    public Member setMember(String zoneId, String userId, Role role) {
        lock.lock();
        try {
            requireZone(zoneId);
            if (directory.user(userId).isEmpty()) throw ChorusException.notFound("user_not_found", "no user " + userId);
            long joined = directory.member(zoneId, userId).map(Member::joinedAt).orElse(System.currentTimeMillis());
            Member m = new Member(zoneId, userId, role, joined);
            store.upsertMember(m);
            directory.putMember(m);
            broker.control(DirectorySync.member(zoneId, userId));
            return m;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a member and ends their live subscriptions in the zone. */
    public void removeMember(String zoneId, String userId) {
        lock.lock();
        try {
            if (directory.member(zoneId, userId).isEmpty()) {
                throw ChorusException.notFound("member_not_found", "not a member of zone " + zoneId);
            }
            store.deleteMember(zoneId, userId);
            directory.removeMember(zoneId, userId);
            broker.control(DirectorySync.member(zoneId, userId));
        } finally {
            lock.unlock();
        }
        List<String> topics = new ArrayList<>();
        topics.add(Topics.zone(zoneId));
        for (Channel c : directory.channels(zoneId)) topics.add(Topics.channel(c.id()));
        broker.control(new Broker.Control.DropSubscriptions(userId, topics));
    }

    // ---- lookups and access rules (non-blocking)

    public Zone requireZone(String zoneId) {
        return directory.zone(zoneId).orElseThrow(() -> ChorusException.notFound("zone_not_found", "no zone " + zoneId));
    }

    /** The caller's membership; an unknown zone and a zone the caller is not in look the same from outside. */
    public Member requireMembership(String zoneId, User user) {
        return directory.member(zoneId, user.id()).orElseThrow(() ->
                ChorusException.notFound("zone_not_found", "no zone " + zoneId + " that you belong to"));
    }

    /**
     * Resolves a channel reference inside a zone: a channel id, a group channel name ("general" or "#general"), or
     * a username/address meaning the direct channel with that user (created on first use; blocking then).
     */
    public Channel resolve(User user, String zoneId, String ref) {
        requireMembership(zoneId, user);
        if (ref == null || ref.isBlank()) throw ChorusException.invalid("invalid_channel_id", "empty channel id");
        Optional<Channel> byId = directory.channel(ref).filter(c -> c.zoneId().equals(zoneId));
        if (byId.isPresent()) return requireReadable(user, byId.get());
        String name = ref.startsWith("#") ? ref.substring(1) : ref;
        for (Channel c : directory.channels(zoneId)) {
            if (c.kind() == ChannelKind.GROUP && c.name().equalsIgnoreCase(name) && canRead(user, c)) return c;
        }
        Optional<User> peer = directory.userByNameOrAddress(ref);
        if (peer.isPresent()) return directWith(user, zoneId, peer.get());
        throw ChorusException.notFound("channel_not_found", "no channel " + ref + " in zone " + zoneId);
    }

    /** The direct channel between the user and a peer of the same zone. */
    public Channel directWith(User user, String zoneId, User peer) {
        requireMembership(zoneId, user);
        if (directory.member(zoneId, peer.id()).isEmpty()) {
            throw ChorusException.notFound("channel_not_found", peer.username() + " is not a member of zone " + zoneId);
        }
        if (peer.id().equals(user.id())) throw ChorusException.invalid("invalid_channel_id", "cannot open a direct channel with yourself");
        return directChannel(zoneId, user.id(), peer.id());
    }

    private Channel requireReadable(User user, Channel c) {
        if (!canRead(user, c)) throw ChorusException.notFound("channel_not_found", "no channel " + c.id() + " that you can read");
        return c;
    }

    public boolean canRead(User user, Channel c) {
        if (directory.member(c.zoneId(), user.id()).isEmpty()) return false;
        return c.isOpen() || c.hasMember(user.id());
    }

    /** Readers read everything they can see but write only in direct channels. */
    public boolean canPost(User user, Channel c) {
        Optional<Member> m = directory.member(c.zoneId(), user.id());
        if (m.isEmpty() || !canRead(user, c)) return false;
        return c.kind() == ChannelKind.DIRECT || m.get().role().canPostInGroups();
    }

    public List<Channel> readableChannels(User user, String zoneId) {
        List<Channel> out = new ArrayList<>();
        for (Channel c : directory.channels(zoneId)) if (canRead(user, c)) out.add(c);
        return out;
    }
}
