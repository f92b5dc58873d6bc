package io.chorus.core.conversation;

import io.chorus.broker.Broker;
import io.chorus.core.Channel;
import io.chorus.core.ChannelKind;
import io.chorus.core.ChorusException;
import io.chorus.core.Directory;
import io.chorus.core.Message;
import io.chorus.core.MessageEvent;
import io.chorus.core.Messaging;
import io.chorus.core.Topics;
import io.chorus.core.User;
import io.chorus.core.Zones;
import io.chorus.fanout.Publication;
import io.chorus.store.ConversationStore;
import io.chorus.store.Store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Groups with owners and attributes, and each user's timeline: the conversations they are in (a channel they are a
 * member of, with its newest message and the user's marks), receipts, archiving. A timeline is computed from channel
 * history plus small per-user rows, never by copying each message per member. Blocking: call off the event loop.
 */
public final class Conversations {
    /** Lists of conversations and of messages stop at this many (the Chat21 reference's bound). */
    public static final int MAX_LIST = 200;

    private final Store store;
    private final ConversationStore states;
    private final Directory directory;
    private final Zones zones;
    private final Messaging messaging;
    private final Broker broker;

    public Conversations(Store store, Directory directory, Zones zones, Messaging messaging, Broker broker) {
        this.store = store;
        this.states = store.conversations();
        this.directory = directory;
        this.zones = zones;
        this.messaging = messaging;
        this.broker = broker;
    }

    // ---- groups

    /** A group channel and its profile. */
    public record Group(Channel channel, GroupProfile profile) {}

    public Group createGroup(String zoneId, String id, String name, String ownerId, List<String> members, String attributes) {
        Channel c = zones.createChannel(zoneId, id, name, members);
        GroupProfile p = new GroupProfile(c.id(), ownerId, attributes, c.createdAt());
        states.upsertGroupProfile(p);
        Group g = new Group(c, p);
        announce(g, GroupChanged.Change.CREATED, c.members(), List.of());
        return g;
    }

    /** The group channel with this id in the zone (a channel without a profile has no owner). */
    public Optional<Group> group(String zoneId, String id) {
        return directory.channel(id).filter(c -> c.zoneId().equals(zoneId) && c.kind() == ChannelKind.GROUP)
                .map(c -> new Group(c, states.groupProfile(c.id()).orElse(new GroupProfile(c.id(), null, null, c.createdAt()))));
    }

    /** Replaces the members; those who left are told too. */
    public Group setMembers(Group g, List<String> members) {
        Channel c = zones.updateGroup(g.channel().id(), g.channel().name(), members);
        List<String> removed = new ArrayList<>();
        for (String m : g.channel().members()) if (!c.hasMember(m)) removed.add(m);
        List<String> added = new ArrayList<>();
        for (String m : c.members()) if (!g.channel().hasMember(m)) added.add(m);
        return changed(new Group(c, g.profile()), null, GroupChanged.Change.MEMBERS, added, removed);
    }

    public Group rename(Group g, String name) {
        Channel c = zones.updateGroup(g.channel().id(), name, g.channel().members());
        return changed(new Group(c, g.profile()), null, GroupChanged.Change.RENAMED, List.of(), List.of());
    }

    /** Replaces the attributes (a JSON object text). */
    public Group setAttributes(Group g, String attributes) {
        return changed(g, attributes, GroupChanged.Change.ATTRIBUTES, List.of(), List.of());
    }

    private Group changed(Group g, String attributes, GroupChanged.Change change, List<String> added, List<String> removed) {
        GroupProfile p = new GroupProfile(g.channel().id(), g.profile().ownerId(),
                change == GroupChanged.Change.ATTRIBUTES ? attributes : g.profile().attributes(), System.currentTimeMillis());
        states.upsertGroupProfile(p);
        Group now = new Group(g.channel(), p);
        announce(now, change, added, removed);
        return now;
    }

    private void announce(Group g, GroupChanged.Change change, List<String> added, List<String> removed) {
        Set<String> to = new LinkedHashSet<>();
        for (String m : g.channel().members()) to.add(Topics.user(m));
        for (String m : removed) to.add(Topics.user(m));
        if (!to.isEmpty()) broker.publish(new Publication(List.copyOf(to), null, new GroupChanged(g.channel(), g.profile(), change, added, removed)));
    }

    // ---- timelines

    /** Who or what a user's conversation in this channel is with. */
    public static String conversWith(String userId, Channel c) {
        if (c.kind() == ChannelKind.DIRECT) {
            for (String m : c.members()) if (!m.equals(userId)) return m;
        }
        return c.id();
    }

    /** The channel of a user's conversation with {@code conversWith} (a group id or another user's id), if any. */
    public Optional<Channel> channelOf(User user, String zoneId, String conversWith) {
        Optional<Channel> group = directory.channel(conversWith)
                .filter(c -> c.zoneId().equals(zoneId) && c.kind() == ChannelKind.GROUP);
        if (group.isPresent()) return group;
        return directory.directChannel(zoneId, user.id(), conversWith);
    }

    /** The user's conversations in a zone, newest first: those archived or not, at most {@link #MAX_LIST}. */
    public List<ConversationView> conversations(User user, String zoneId, boolean archived) {
        List<ConversationView> out = new ArrayList<>();
        for (ConversationView v : views(user, directory.channelsOf(user.id(), zoneId))) if (v.archived() == archived) out.add(v);
        out.sort(Comparator.comparingLong((ConversationView v) -> v.last().message().createdAt()).reversed());
        return out.size() > MAX_LIST ? out.subList(0, MAX_LIST) : out;
    }

    /** One conversation of the user, if it has messages and is archived as asked. */
    public Optional<ConversationView> conversation(User user, String zoneId, String conversWith, boolean archived) {
        return channelOf(user, zoneId, conversWith).filter(c -> c.hasMember(user.id()))
                .flatMap(c -> views(user, List.of(c)).stream().filter(v -> v.archived() == archived).findFirst());
    }

    private List<ConversationView> views(User user, List<Channel> channels) {
        List<String> ids = channels.stream().map(Channel::id).toList();
        Map<String, Message> latest = store.latestPerChannel(ids);
        Map<String, ConversationState> marks = states.states(user.id(), latest.keySet());
        Map<String, Set<String>> receipts = states.receipts(latest.values().stream().map(Message::id).toList());
        List<ConversationView> out = new ArrayList<>();
        for (Channel c : channels) {
            Message last = latest.get(c.id());
            if (last == null) continue;
            ConversationState state = marks.getOrDefault(c.id(), ConversationState.none(user.id(), c.id()));
            if (state.isCleared(last.createdAt())) continue;
            out.add(new ConversationView(user.id(), c, conversWith(user.id(), c), event(last), state,
                    receipts.getOrDefault(last.id(), Set.of())));
        }
        return out;
    }

    private MessageEvent event(Message m) {
        User sender = directory.user(m.senderId()).orElse(io.chorus.core.SystemUser.INSTANCE);
        return new MessageEvent(m, sender, null, false);
    }

    /** A channel's newest messages (at most {@link #MAX_LIST}, newest first) and who received each. */
    public record History(List<MessageEvent> messages, Map<String, Set<String>> receipts) {}

    public History history(User user, Channel channel) {
        List<MessageEvent> oldestFirst = messaging.latest(user, channel, MAX_LIST);
        List<MessageEvent> newestFirst = oldestFirst.reversed();
        Map<String, Set<String>> receipts = states.receipts(newestFirst.stream().map(e -> e.message().id()).toList());
        return new History(newestFirst, receipts);
    }

    /** The user received a message of a channel they are in; its sender is told (once). Returns it if this is news. */
    public Optional<MessageEvent> markReceived(User user, Channel channel, String messageId) {
        Message m = store.findMessage(messageId).filter(x -> x.channelId().equals(channel.id()) && x.deletedAt() == null)
                .orElseThrow(() -> ChorusException.notFound("message_not_found", "no message " + messageId + " in this conversation"));
        requireMember(user, channel);
        if (m.senderId().equals(user.id())) return Optional.empty();
        if (!states.addReceipt(messageId, user.id(), System.currentTimeMillis())) return Optional.empty();
        broker.publish(new Publication(List.of(Topics.user(m.senderId())), null, new ConversationEvent.Received(
                channel.zoneId(), channel.id(), messageId, m.senderId(), user.id())));
        return Optional.of(event(m));
    }

    /**
     * The user changed their conversation: {@code isNew} false marks its messages seen (true marks them new again,
     * null leaves that), {@code patch} (a JSON object text) is kept and shown back to the user's sessions.
     */
    public void update(User user, Channel channel, Boolean isNew, String patch) {
        requireMember(user, channel);
        ConversationState s = state(user, channel);
        if (Boolean.FALSE.equals(isNew)) s = s.seen(System.currentTimeMillis());
        else if (Boolean.TRUE.equals(isNew)) s = s.unseen();
        states.upsertState(s.withPatch(patch));
        broker.publish(new Publication(List.of(Topics.user(user.id())), null, new ConversationEvent.Updated(
                channel.zoneId(), user.id(), channel.id(), conversWith(user.id(), channel), patch)));
    }

    /** Archives the user's conversation until a newer message arrives; their sessions are told. */
    public Optional<ConversationView> archive(User user, Channel channel) {
        requireMember(user, channel);
        states.upsertState(state(user, channel).archived(System.currentTimeMillis()));
        Optional<ConversationView> view = views(user, List.of(channel)).stream().findFirst();
        view.ifPresent(v -> broker.publish(new Publication(List.of(Topics.user(user.id())), null,
                new ConversationEvent.Archived(channel.zoneId(), v))));
        return view;
    }

    /** Removes the conversation from every member's timeline until a newer message arrives. */
    public void clearTimelines(Channel channel) {
        states.clearFor(channel.members(), channel.id(), System.currentTimeMillis());
    }

    /** Deletes every message of the channel (their rows stay, emptied, so offsets keep no gaps). */
    public int deleteMessages(Channel channel) { return store.markAllDeleted(channel.id(), System.currentTimeMillis()); }

    /** Remembers a device the user gets push notifications on. */
    public void saveInstance(ConversationStore.PushInstance instance) { states.upsertInstance(instance); }

    private ConversationState state(User user, Channel channel) {
        return states.states(user.id(), List.of(channel.id())).getOrDefault(channel.id(),
                ConversationState.none(user.id(), channel.id()));
    }

    private void requireMember(User user, Channel channel) {
        if (!channel.hasMember(user.id()) || !zones.canRead(user, channel)) {
            throw ChorusException.notFound("channel_not_found", "no conversation " + channel.id() + " of yours");
        }
    }
}
