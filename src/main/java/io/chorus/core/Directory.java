package io.chorus.core;

import io.chorus.store.Store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directory (users, zones, members, channels) held in memory, so that authorising a request or routing a
 * message never waits for the store. It is loaded once at start; every change is written to the store first and
 * then applied here by the service that made it. Reads are lock-free from any thread.
 */
public final class Directory {
    private final Map<String, User> usersById = new ConcurrentHashMap<>();
    private final Map<String, User> usersByName = new ConcurrentHashMap<>();
    private final Map<String, User> usersByAddress = new ConcurrentHashMap<>();
    private final Map<String, User> usersByRemoteToken = new ConcurrentHashMap<>();
    private final Map<String, Zone> zones = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Member>> members = new ConcurrentHashMap<>();
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Channel>> channelsByZone = new ConcurrentHashMap<>();
    private final Map<String, Channel> directByKey = new ConcurrentHashMap<>();
    /** Channel ids by listed member, so a user's conversations are found without walking a zone's channels. */
    private final Map<String, Set<String>> channelsByMember = new ConcurrentHashMap<>();
    /** Each channel version's members as a set, made on the first message to it (see {@link #memberSet}). */
    private final Map<String, MemberSet> memberSets = new ConcurrentHashMap<>();

    private record MemberSet(Channel channel, Set<String> members) {}

    public static Directory load(Store store) {
        Directory d = new Directory();
        store.loadUsers().forEach(d::putUser);
        store.loadZones().forEach(d::putZone);
        store.loadMembers().forEach(d::putMember);
        store.loadChannels().forEach(d::putChannel);
        return d;
    }

    // ---- users

    public Optional<User> user(String id) { return Optional.ofNullable(id == null ? null : usersById.get(id)); }

    public Optional<User> userByName(String username) {
        return Optional.ofNullable(username == null ? null : usersByName.get(username.toLowerCase(Locale.ROOT)));
    }

    public Optional<User> userByAddress(String address) {
        return Optional.ofNullable(address == null ? null : usersByAddress.get(address.toLowerCase(Locale.ROOT)));
    }

    /** A username or an address, as Diode's {@code user_name} and BNS-style channel ids allow. */
    public Optional<User> userByNameOrAddress(String ref) {
        return Ids.isHex160(ref) ? userByAddress(ref) : userByName(ref);
    }

    public Optional<User> userByRemoteToken(String token) {
        return Optional.ofNullable(token == null ? null : usersByRemoteToken.get(token));
    }

    public List<User> users() {
        List<User> all = new ArrayList<>(usersById.values());
        all.sort(Comparator.comparingLong(User::createdAt).thenComparing(User::username));
        return all;
    }

    void putUser(User u) {
        User old = usersById.put(u.id(), u);
        if (old != null && old.remoteApiToken() != null) usersByRemoteToken.remove(old.remoteApiToken(), old);
        usersByName.put(u.username().toLowerCase(Locale.ROOT), u);
        usersByAddress.put(u.address().toLowerCase(Locale.ROOT), u);
        if (u.remoteApiToken() != null) usersByRemoteToken.put(u.remoteApiToken(), u);
    }

    // ---- zones and members

    public Optional<Zone> zone(String id) { return Optional.ofNullable(id == null ? null : zones.get(id)); }

    public List<Zone> zones() {
        List<Zone> all = new ArrayList<>(zones.values());
        all.sort(Comparator.comparingLong(Zone::createdAt).thenComparing(Zone::id));
        return all;
    }

    public Optional<Member> member(String zoneId, String userId) {
        Map<String, Member> m = members.get(zoneId);
        return Optional.ofNullable(m == null || userId == null ? null : m.get(userId));
    }

    public List<Member> members(String zoneId) {
        List<Member> all = new ArrayList<>(members.getOrDefault(zoneId, Map.of()).values());
        all.sort(Comparator.comparingLong(Member::joinedAt).thenComparing(Member::userId));
        return all;
    }

    void putZone(Zone z) { zones.put(z.id(), z); }

    void putMember(Member m) { members.computeIfAbsent(m.zoneId(), k -> new ConcurrentHashMap<>()).put(m.userId(), m); }

    void removeMember(String zoneId, String userId) {
        Map<String, Member> m = members.get(zoneId);
        if (m != null) m.remove(userId);
    }

    // ---- channels

    public Optional<Channel> channel(String id) { return Optional.ofNullable(id == null ? null : channels.get(id)); }

    public List<Channel> channels(String zoneId) {
        List<Channel> all = new ArrayList<>(channelsByZone.getOrDefault(zoneId, Map.of()).values());
        all.sort(Comparator.comparingLong(Channel::createdAt).thenComparing(Channel::id));
        return all;
    }

    public Optional<Channel> directChannel(String zoneId, String userA, String userB) {
        return Optional.ofNullable(directByKey.get(directKey(zoneId, userA, userB)));
    }

    /** The channels that list the user as a member (direct channels, groups with members), in one zone. */
    public List<Channel> channelsOf(String userId, String zoneId) {
        List<Channel> out = new ArrayList<>();
        for (String id : channelsByMember.getOrDefault(userId, Set.of())) {
            Channel c = channels.get(id);
            if (c != null && c.zoneId().equals(zoneId) && c.hasMember(userId)) out.add(c);
        }
        out.sort(Comparator.comparingLong(Channel::createdAt).thenComparing(Channel::id));
        return out;
    }

    /**
     * The members of {@code c} as an immutable set: the audience of every message to it. Made once per version of the
     * channel (a membership change makes a new {@link Channel}), not once per message: for a group of 1,000 that was
     * two set copies of 1,000 names per message on the store's writer thread, most of that thread's own work.
     */
    public Set<String> memberSet(Channel c) {
        MemberSet cached = memberSets.get(c.id());
        if (cached != null && cached.channel() == c) return cached.members();
        Set<String> members = Set.copyOf(c.members());
        memberSets.put(c.id(), new MemberSet(c, members));
        return members;
    }

    void putChannel(Channel c) {
        Channel old = channels.put(c.id(), c);
        memberSets.remove(c.id());
        if (old != null) {
            for (String m : old.members()) {
                if (!c.hasMember(m)) channelsByMember.computeIfPresent(m, (k, ids) -> {
                    ids.remove(c.id());
                    return ids.isEmpty() ? null : ids;
                });
            }
        }
        for (String m : c.members()) channelsByMember.computeIfAbsent(m, k -> ConcurrentHashMap.newKeySet()).add(c.id());
        channelsByZone.computeIfAbsent(c.zoneId(), k -> new ConcurrentHashMap<>()).put(c.id(), c);
        if (c.kind() == ChannelKind.DIRECT && c.members().size() == 2) {
            directByKey.put(directKey(c.zoneId(), c.members().get(0), c.members().get(1)), c);
        }
    }

    static String directKey(String zoneId, String a, String b) {
        return a.compareTo(b) <= 0 ? zoneId + "|" + a + "|" + b : zoneId + "|" + b + "|" + a;
    }
}
