package io.chorus.core;

import io.chorus.broker.Broker;
import io.chorus.fanout.Publication;
import io.chorus.store.MessageLog;
import io.chorus.store.Store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sending and reading messages. A send is validated against the in-memory directory, made durable by the
 * {@link MessageLog} (group commit), and published in commit order. Text starting with '/' is a chat command:
 * answered to the sender only, never stored. Blocking: call off the event loop.
 */
public final class Messaging implements AutoCloseable {
    public record Send(User sender, String zoneId, String channelRef, String text, String attributes,
                       String metadata, String replyTo, String idempotencyKey) {}

    public sealed interface Outcome {
        record Sent(Message message, boolean duplicate) implements Outcome {}

        /** A chat command's answer, published to the sender only as {@code reply} (never stored). */
        record CommandReply(String text, Channel channel, MessageEvent reply) implements Outcome {}
    }

    /** Result of a recovery: the missed events if {@code recovered}, and the channel's position now. */
    public record Recovery(boolean recovered, List<MessageEvent> events, long offset, String epoch) {}

    /** Observes accepted messages (metrics). */
    public interface Observer { void accepted(int count); }

    private final Store store;
    private final Directory directory;
    private final Zones zones;
    private final Broker broker;
    private final ChatCommands commands;
    private final Limits limits;
    private final Observer observer;
    private final MessageLog log;
    private final Map<String, MessageEvent> parentsInFlight = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<MessageEvent>> commitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Messaging(Store store, Directory directory, Zones zones, Broker broker, ChatCommands commands, Limits limits,
                     Observer observer, MessageLog.Observer storeObserver) {
        this.store = store;
        this.directory = directory;
        this.zones = zones;
        this.broker = broker;
        this.commands = commands;
        this.limits = limits;
        this.observer = observer;
        this.log = new MessageLog(store, limits.maxBatch(), this::committed, storeObserver);
    }

    /** Sends and waits until the message is durable (or the command answered). */
    public Outcome send(Send s) {
        try {
            return submit(s).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Validates and queues a send, returning once it holds its place in the commit order; the future completes when
     * it is durable. Callers that must keep their sends in order submit one after the other without waiting for
     * durability, which lets one connection pipeline many sends into the same group commit.
     */
    public CompletableFuture<Outcome> submit(Send s) { return submit(s, Message.TYPE_TEXT); }

    /**
     * {@link #submit(Send)} when it can run without blocking, so on an event loop: the channel is named by its id (no
     * direct channel to create), the send is not a reply (whose parent is read from the store) and not a chat
     * command. Null when it cannot, and then nothing was done: call {@link #submit(Send)} off the loop. Validation
     * failures are thrown as {@code submit} throws them.
     */
    public CompletableFuture<Outcome> submitNow(Send s) {
        if (s.replyTo() != null || s.text() == null || s.text().startsWith("/") || s.channelRef() == null) return null;
        Optional<Channel> byId = directory.channel(s.channelRef());
        if (byId.isEmpty() || !byId.get().zoneId().equals(s.zoneId())) return null;
        return submit(s, Message.TYPE_TEXT);
    }

    /** {@link #submit(Send)} with a message type other than text (a welcome notice, say). */
    public CompletableFuture<Outcome> submit(Send s, String type) {
        zones.requireMembership(s.zoneId(), s.sender());
        String text = s.text() == null ? "" : s.text();
        // Only a text message needs text: an image or a file message may carry everything in its metadata.
        if (text.isEmpty() && (Message.TYPE_TEXT.equals(type) || s.metadata() == null)) {
            throw ChorusException.invalid("empty_message", "message text is empty");
        }
        if (text.indexOf('\0') >= 0) throw ChorusException.invalid("invalid_text", "message text contains a NUL character");
        if (text.length() * 3 > limits.maxMessageBytes()
                && text.getBytes(StandardCharsets.UTF_8).length > limits.maxMessageBytes()) {
            throw ChorusException.invalid("message_too_long", "message text is over " + limits.maxMessageBytes() + " bytes");
        }
        Channel channel = zones.resolve(s.sender(), s.zoneId(), s.channelRef());
        if (text.startsWith("/") && Message.TYPE_TEXT.equals(type)) {
            String reply = commands.handle(s.sender(), directory.zone(s.zoneId()).orElseThrow(), channel, text);
            MessageEvent event = publishEphemeral(s.sender(), channel, reply);
            return CompletableFuture.completedFuture(new Outcome.CommandReply(reply, channel, event));
        }
        if (!zones.canPost(s.sender(), channel)) {
            throw ChorusException.forbidden("your role does not allow posting in " + channel.name());
        }
        MessageEvent parent = s.replyTo() == null ? null : parentOf(s.replyTo(), channel);
        MessageDraft draft = new MessageDraft(Ids.messageId(), s.zoneId(), channel.id(), s.sender().id(), text,
                type, s.attributes(), s.metadata(), s.replyTo(), System.currentTimeMillis(),
                s.idempotencyKey());
        if (parent != null) parentsInFlight.put(draft.id(), parent);
        return log.append(draft).whenComplete((a, e) -> parentsInFlight.remove(draft.id()))
                .thenApply(a -> new Outcome.Sent(a.message(), a.duplicate()));
    }

    /**
     * Stores and publishes a server notice in a channel (a Chat21 "member joined" line, say), sent by
     * {@link SystemUser}: no membership check, since the server itself speaks.
     */
    public CompletableFuture<Message> notice(Channel channel, String text, String attributes) {
        MessageDraft draft = new MessageDraft(Ids.messageId(), channel.zoneId(), channel.id(), SystemUser.INSTANCE.id(),
                text, Message.TYPE_TEXT, attributes, null, null, System.currentTimeMillis(), null);
        return log.append(draft).thenApply(Store.Appended::message);
    }

    private MessageEvent parentOf(String replyTo, Channel channel) {
        Message parent = store.findMessage(replyTo).filter(m -> m.channelId().equals(channel.id()))
                .orElseThrow(() -> ChorusException.invalid("reply_not_found", "no message " + replyTo + " in this channel"));
        return new MessageEvent(parent, senderOf(parent), null, false);
    }

    /**
     * Tells the listener of each message this node commits (once durable), on the store's writer thread, in commit
     * order: it must hand work off, never block. Each node reports only what it accepted.
     */
    public void onCommitted(java.util.function.Consumer<MessageEvent> listener) { commitListeners.add(listener); }

    /** Runs on the store writer thread, in commit order. */
    private void committed(List<Store.Appended> batch) {
        List<Publication> publications = new ArrayList<>(batch.size());
        for (Store.Appended a : batch) {
            if (a.duplicate()) continue;
            Message m = a.message();
            Channel channel = directory.channel(m.channelId()).orElse(null);
            if (channel == null) continue;
            MessageEvent event = new MessageEvent(m, senderOf(m), parentsInFlight.get(m.id()), false);
            publications.add(new Publication(topics(channel), audience(channel, null), event, 0, channel.id(), m.offset()));
            for (var l : commitListeners) l.accept(event);
        }
        if (publications.isEmpty()) return;
        broker.publishAll(publications);
        observer.accepted(publications.size());
    }

    private MessageEvent publishEphemeral(User to, Channel channel, String text) {
        Message m = new Message(Ids.hex160(), channel.zoneId(), channel.id(), 0, SystemUser.INSTANCE.id(), text,
                "command_reply", null, null, null, System.currentTimeMillis(), null, null);
        MessageEvent event = new MessageEvent(m, SystemUser.INSTANCE, null, true);
        broker.publish(publication(channel, event, Set.of(to.id())));
        return event;
    }

    private Publication publication(Channel c, Object event, Set<String> audience) {
        return new Publication(topics(c), audience(c, audience), event);
    }

    private static List<String> topics(Channel c) {
        if (c.kind() == ChannelKind.DIRECT && c.members().size() == 2) {
            return List.of(Topics.channel(c.id()), Topics.zone(c.zoneId()), Topics.directInbox(c.members().get(0)),
                    Topics.directInbox(c.members().get(1)));
        }
        return List.of(Topics.channel(c.id()), Topics.zone(c.zoneId()));
    }

    /** Who may receive a message to {@code c}: {@code only} when given, else everyone (open) or its members. */
    private Set<String> audience(Channel c, Set<String> only) {
        return only != null ? only : c.isOpen() ? null : directory.memberSet(c);
    }

    /**
     * Deletes a message of a channel; only its author may. Subscribers of the channel are told with a
     * {@link MessageDeleted}. A message that does not exist, is in another channel, or is already deleted is not found.
     */
    public MessageDeleted delete(User user, String channelId, String messageId) {
        Message m = store.findMessage(messageId).filter(x -> x.channelId().equals(channelId) && x.deletedAt() == null)
                .orElseThrow(() -> ChorusException.notFound("message_not_found", "no message " + messageId + " in this channel"));
        Channel channel = directory.channel(m.channelId()).orElseThrow(() ->
                ChorusException.notFound("channel_not_found", "no channel " + m.channelId()));
        requireReadable(user, channel);
        if (!m.senderId().equals(user.id())) throw ChorusException.forbidden("only the author may delete a message");
        if (!store.markDeleted(messageId, System.currentTimeMillis())) {
            throw ChorusException.notFound("message_not_found", "no message " + messageId + " in this channel");
        }
        MessageDeleted event = new MessageDeleted(channel.zoneId(), channel.id(), messageId);
        broker.publish(publication(channel, event, null));
        return event;
    }

    // ---- history

    /** The newest {@code limit} messages of a channel the user can read (deleted ones left out), oldest first. */
    public List<MessageEvent> latest(User user, Channel channel, int limit) {
        requireReadable(user, channel);
        return events(store.latestMessages(channel.id(), cap(limit)));
    }

    /** Messages after an offset in a channel the user can read, oldest first. */
    public List<MessageEvent> afterOffset(User user, Channel channel, long afterOffset, int limit) {
        requireReadable(user, channel);
        return events(store.messagesAfterOffset(channel.id(), afterOffset, cap(limit)));
    }

    /** Messages created after a time in the given channels (all readable ones of the zone when channel is null). */
    public List<MessageEvent> afterTime(User user, String zoneId, Channel channel, long afterMillis, int limit,
                                        boolean newestFirst) {
        zones.requireMembership(zoneId, user);
        List<String> ids = new ArrayList<>();
        if (channel != null) {
            requireReadable(user, channel);
            ids.add(channel.id());
        } else {
            for (Channel c : zones.readableChannels(user, zoneId)) ids.add(c.id());
        }
        return events(store.messagesByTime(ids, afterMillis, cap(limit), newestFirst));
    }

    /** What a subscriber that saw up to {@code sinceOffset} in {@code epoch} missed, if it can be replayed. */
    public Recovery recover(User user, Channel channel, long sinceOffset, String epoch) {
        requireReadable(user, channel);
        long now = store.lastOffset(channel.id());
        if (!channel.epoch().equals(epoch) || sinceOffset > now || now - sinceOffset > limits.maxRecovery()) {
            return new Recovery(false, List.of(), now, channel.epoch());
        }
        List<MessageEvent> missed = events(store.messagesAfterOffset(channel.id(), sinceOffset, limits.maxRecovery()));
        long last = missed.isEmpty() ? sinceOffset : missed.get(missed.size() - 1).message().offset();
        return new Recovery(true, missed, Math.max(now, last), channel.epoch());
    }

    /** Last message time per readable channel of a zone. */
    public Map<String, Long> lastActivity(Collection<String> channelIds) { return store.lastMessageTimes(channelIds); }

    private void requireReadable(User user, Channel channel) {
        if (!zones.canRead(user, channel)) {
            throw ChorusException.notFound("channel_not_found", "no channel " + channel.id() + " that you can read");
        }
    }

    private int cap(int limit) { return limit <= 0 ? limits.maxHistory() : Math.min(limit, limits.maxHistory()); }

    private List<MessageEvent> events(List<Message> messages) {
        Set<String> parentIds = new HashSet<>();
        for (Message m : messages) if (m.replyTo() != null) parentIds.add(m.replyTo());
        Map<String, MessageEvent> parents = new HashMap<>();
        for (Message p : store.findMessages(parentIds)) parents.put(p.id(), new MessageEvent(p, senderOf(p), null, false));
        List<MessageEvent> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            if (m.deletedAt() != null) continue;
            out.add(new MessageEvent(m, senderOf(m), m.replyTo() == null ? null : parents.get(m.replyTo()), false));
        }
        return out;
    }

    private User senderOf(Message m) {
        if (m.senderId().equals(SystemUser.INSTANCE.id())) return SystemUser.INSTANCE;
        Optional<User> u = directory.user(m.senderId());
        return u.orElseGet(() -> new User(m.senderId(), "unknown", "unknown", null,
                "0x0000000000000000000000000000000000000000", null, false, null, 0));
    }

    public int queuedWrites() { return log.queued(); }

    /** Commits what is queued and stops the writer. */
    @Override
    public void close() { log.close(); }
}
