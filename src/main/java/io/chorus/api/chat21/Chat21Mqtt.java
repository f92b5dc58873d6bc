package io.chorus.api.chat21;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.api.mqtt.MqttApplication;
import io.chorus.api.mqtt.MqttTopics;
import io.chorus.broker.Broker;
import io.chorus.core.Channel;
import io.chorus.core.ChannelJoined;
import io.chorus.core.ChannelKind;
import io.chorus.core.Message;
import io.chorus.core.MessageEvent;
import io.chorus.core.Topics;
import io.chorus.core.User;
import io.chorus.core.conversation.ConversationEvent;
import io.chorus.core.conversation.Conversations;
import io.chorus.core.conversation.GroupChanged;
import io.chorus.fanout.Publication;
import io.chorus.fanout.WireFormat;
import io.chorus.store.ConversationStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Chat21 over MQTT, as the reference's RabbitMQ plus observer behave for its clients: username {@code JWT} and the
 * token as password; a client subscribes within its own subtree {@code apps/<app>/users/<me>/} and publishes there or
 * to its outgoing topics. Core events come back as the observer's topics: {@code .../messages/<with>/clientadded},
 * {@code .../groups/<id>/clientupdated}, {@code .../conversations/<with>/clientupdated|clientdeleted},
 * {@code .../archived_conversations/<with>/clientadded} and a sender's {@code .../<message>/clientupdated} receipts.
 */
final class Chat21Mqtt implements MqttApplication {
    /** The part of a message every member sees alike, rendered (as UTF-8) once per message and node. */
    private static final class SharedMessage extends WireFormat<byte[]> {
        private final Chat21Json json;

        SharedMessage(Chat21Json json) { this.json = json; }

        @Override
        protected byte[] encode(Object event) {
            return event instanceof MessageEvent e ? utf8(json.messageShared(e)) : null;
        }
    }

    /** How long a joined group's catch-up waits for the new subscription to be in force everywhere. */
    private static final long CATCH_UP_DELAY_MILLIS = 500;

    private final Chat21Service chat;
    private final Chat21Tokens tokens;
    private final Chat21Json json;
    private final Chat21Webhooks webhooks;
    private final SharedMessage shared;
    private final Broker broker;

    Chat21Mqtt(Chat21Service chat, Chat21Tokens tokens, Chat21Json json, Chat21Webhooks webhooks, Broker broker) {
        this.chat = chat;
        this.broker = broker;
        this.tokens = tokens;
        this.json = json;
        this.webhooks = webhooks;
        this.shared = new SharedMessage(json);
    }

    @Override
    public Principal authenticate(String clientId, String username, byte[] password) throws Refusal {
        if (password == null) throw new Refusal(Refusal.Reason.BAD_CREDENTIALS, "a Chat21 JWT is the password");
        Chat21Caller caller = tokens.verify(new String(password, StandardCharsets.UTF_8))
                .orElseThrow(() -> new Refusal(Refusal.Reason.BAD_CREDENTIALS, "the token is not valid"));
        try {
            chat.identify(caller);
        } catch (io.chorus.core.ChorusException e) {
            // An app id or user id Chorus cannot take (say, not a valid zone id): the token is not usable here.
            throw new Refusal(Refusal.Reason.NOT_AUTHORIZED, e.details());
        }
        return new Chat21Session(caller);
    }

    @Override
    public boolean maySubscribe(Principal principal, String topicFilter) {
        Chat21Caller c = ((Chat21Session) principal).caller();
        String root = Chat21Topic.userRoot(c.appId(), c.userId());
        return topicFilter.equals(root) || topicFilter.startsWith(root + "/");
    }

    @Override
    public boolean mayPublish(Principal principal, String topic) {
        Chat21Caller c = ((Chat21Session) principal).caller();
        return switch (Chat21Topic.parse(topic)) {
            case Chat21Topic.Outgoing o -> o.app().equals(c.appId()) && o.user().equals(c.userId());
            case Chat21Topic.Foreign f -> false;
            default -> topic.startsWith(Chat21Topic.userRoot(c.appId(), c.userId()) + "/");
        };
    }

    @Override
    public CompletionStage<Void> published(Principal principal, String topic, byte[] payload, boolean retain) {
        try {
            return handle(principal, topic, payload, retain).exceptionally(e -> { throw rejection(e); });
        } catch (RuntimeException e) {
            throw rejection(e);
        }
    }

    /** The client's mistakes as MQTT rejections; anything else stays a server failure. */
    private static RuntimeException rejection(Throwable t) {
        Throwable e = t instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : t;
        return switch (e) {
            case Rejected r -> r;
            case IllegalArgumentException bad -> new Rejected(Rejected.Reason.PAYLOAD_FORMAT_INVALID, bad.getMessage());
            case Chat21Failure f -> new Rejected(f.status() == 403 || f.status() == 401 ? Rejected.Reason.NOT_AUTHORIZED
                    : Rejected.Reason.REFUSED, f.body());
            case io.chorus.core.ChorusException c when c.kind() != io.chorus.core.ChorusException.Kind.UNAVAILABLE ->
                    new Rejected(c.kind() == io.chorus.core.ChorusException.Kind.FORBIDDEN ? Rejected.Reason.NOT_AUTHORIZED
                            : Rejected.Reason.REFUSED, c.details());
            case RuntimeException r -> r;
            default -> new java.util.concurrent.CompletionException(e);
        };
    }

    private CompletionStage<Void> handle(Principal principal, String topic, byte[] payload, boolean retain) {
        Chat21Caller c = ((Chat21Session) principal).caller();
        Chat21Topic parsed = Chat21Topic.parse(topic);
        if (parsed instanceof Chat21Topic.Outgoing o) return send(c, o, payload);
        // Into the user's own subtree: kept if retained, passed on to their sessions, then acted on.
        if (retain) chat.core().retained().retain(topic, c.userId(), payload);
        broker.publish(new Publication(List.of(Topics.user(c.userId())), null, new Chat21Relay(c.userId(), topic, payload)));
        User me = chat.identify(c);
        switch (parsed) {
            case Chat21Topic.MessageUpdate u -> {
                if (json(payload).path("status").asInt() == Chat21Json.RECEIVED) {
                    channel(me, c, u.with()).flatMap(ch -> chat.core().conversations().markReceived(me, ch, u.messageId()))
                            .ifPresent(e -> webhooks.received(e, me.id()));
                }
            }
            case Chat21Topic.ConversationUpdate u -> channel(me, c, u.with()).ifPresent(ch -> {
                JsonNode patch = json(payload);
                JsonNode isNew = patch.get("is_new");
                chat.core().conversations().update(me, ch, isNew != null && isNew.isBoolean() ? isNew.asBoolean() : null, patch.toString());
            });
            case Chat21Topic.Archive a -> channel(me, c, a.with()).ifPresent(ch -> chat.core().conversations().archive(me, ch)
                    .ifPresent(webhooks::archived));
            case Chat21Topic.Presence p -> webhooks.presence(c, p.clientId(), json(payload));
            default -> { }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Sends; returns once the message holds its place in the commit order, with a stage for its durability. */
    private CompletionStage<Void> send(Chat21Caller c, Chat21Topic.Outgoing o, byte[] payload) {
        JsonNode m = json(payload);
        User me = chat.identify(c);
        return chat.submit(me, c.appId(), new Chat21Service.Outgoing(o.to(), text(m, "recipient_fullname"), text(m, "sender_fullname"),
                text(m, "text"), text(m, "type"), text(m, "channel_type"), object(m, "attributes"), object(m, "metadata"),
                inlineMembers(m))).thenApply(sent -> null);
    }

    private java.util.Optional<Channel> channel(User me, Chat21Caller c, String with) {
        return chat.core().conversations().channelOf(me, c.appId(), with).filter(ch -> ch.hasMember(me.id()));
    }

    @Override
    public List<String> coreTopics(Principal principal) {
        Chat21Caller c = ((Chat21Session) principal).caller();
        List<String> topics = new ArrayList<>();
        topics.add(Topics.user(c.userId()));
        topics.add(Topics.directInbox(c.userId()));
        for (Channel ch : chat.core().directory().channelsOf(c.userId(), c.appId())) {
            if (ch.kind() == ChannelKind.GROUP) topics.add(Topics.channel(ch.id()));
        }
        return topics;
    }

    @Override
    public void deliver(Principal principal, Publication publication, Delivery out) {
        Chat21Session session = (Chat21Session) principal;
        Chat21Caller c = session.caller();
        switch (publication.event()) {
            case MessageEvent e when e.message().zoneId().equals(c.appId()) -> {
                if (session.live(e)) message(session, e, publication.frame(shared), out);
            }
            case Chat21Catchup u when u.userId().equals(c.userId()) -> {
                for (MessageEvent e : session.caughtUp(u.channelId(), u.events())) {
                    message(session, e, utf8(json.messageShared(e) + (e.message().offset() <= u.joinedAt() ? ",\"__history\":\"true\"" : "")), out);
                }
            }
            // Direct channels arrive through the user's direct inbox; a joined group is followed, and what was sent
            // before the session follows it is read from history (Chat21Catchup).
            case ChannelJoined j when j.zoneId().equals(c.appId()) && j.kind() == ChannelKind.GROUP -> {
                out.follow(Topics.channel(j.channelId()));
                long replayFrom = Math.max(0, j.offset() - Conversations.MAX_LIST);
                session.joined(j.channelId(), replayFrom);
                catchUp(c, j, replayFrom);
            }
            // As in the reference, creating a group is not announced as an update (its info messages say it).
            case GroupChanged g when g.channel().zoneId().equals(c.appId()) && g.change() != GroupChanged.Change.CREATED -> {
                out.publish(root(c) + "/groups/" + g.channel().id() + "/clientupdated", utf8(json.groupUpdate(g).toString()), false);
                if (g.removed().contains(c.userId())) out.unfollow(Topics.channel(g.channel().id()));
            }
            case ConversationEvent.Updated u when u.userId().equals(c.userId()) && u.zoneId().equals(c.appId()) -> {
                ObjectNode patch = json.parse(u.patch());
                patch.put("timelineOf", c.userId()).put("conversWith", u.conversWith());
                out.publish(root(c) + "/conversations/" + u.conversWith() + "/clientupdated", utf8(patch.toString()), false);
            }
            case ConversationEvent.Archived a when a.view().userId().equals(c.userId()) && a.zoneId().equals(c.appId()) -> {
                byte[] doc = utf8(json.conversation(a.view()).toString());
                out.publish(root(c) + "/conversations/" + a.view().conversWith() + "/clientdeleted", doc, false);
                out.publish(root(c) + "/archived_conversations/" + a.view().conversWith() + "/clientadded", doc, false);
            }
            case ConversationEvent.Received r when r.senderId().equals(c.userId()) && r.zoneId().equals(c.appId()) -> {
                Channel ch = chat.core().directory().channel(r.channelId()).orElse(null);
                String with = ch == null || ch.kind() == ChannelKind.GROUP ? r.channelId() : r.receiver();
                ObjectNode update = json.object().put("timelineOf", c.userId()).put("message_id", r.messageId())
                        .put("status", Chat21Json.RETURN_RECEIPT);
                out.publish(root(c) + "/messages/" + with + "/" + r.messageId() + "/clientupdated", utf8(update.toString()), false);
            }
            case Chat21Relay r when r.userId().equals(c.userId()) -> out.publish(r.topic(), r.payload(), false);
            default -> { }
        }
    }

    private static String root(Chat21Caller c) { return Chat21Topic.userRoot(c.appId(), c.userId()); }

    /**
     * The member's copy of a message: the shared part as it is, then the member's own fields. Live, nobody has
     * reported it received yet, so its status is sent or delivered; topic and tail are the last message's when the
     * conversation and status are the same (a group's stream to a member).
     */
    private void message(Chat21Session session, MessageEvent e, byte[] shared, Delivery out) {
        Chat21Caller c = session.caller();
        Message m = e.message();
        String with = json.conversWith(m, c.userId());
        int status = Chat21Json.status(m, c.userId(), with, Set.of());
        Chat21Session.MessageView view = session.lastMessageView();
        if (view == null || !view.fits(with, status)) {
            view = new Chat21Session.MessageView(with, status, root(c) + "/messages/" + with + "/clientadded",
                    utf8(json.messageTail(c.userId(), with, status)));
            session.lastMessageView(view);
        }
        out.publish(view.topic(), shared, view.tail(), false);
    }

    /**
     * Reads the group's recent history and what it got since the join (off the loop) and hands them to the user's
     * sessions, as the reference replays a group's last messages to a joiner. It waits a little
     * first: the session's new subscription takes effect on its loop, and across nodes once NATS has it, and only
     * what is committed after that is certain to arrive live; anything both live and read is shown once.
     */
    private void catchUp(Chat21Caller c, ChannelJoined j, long replayFrom) {
        chat.core().blocking().execute(() -> {
            try {
                Thread.sleep(CATCH_UP_DELAY_MILLIS);
                User me = chat.identify(c);
                Channel channel = chat.core().directory().channel(j.channelId()).orElseThrow();
                List<MessageEvent> missed = chat.core().messaging().afterOffset(me, channel, replayFrom, 0);
                broker.publish(new Publication(List.of(Topics.user(c.userId())), Set.of(c.userId()),
                        new Chat21Catchup(c.userId(), j.channelId(), j.offset(), missed)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // Left the group again already, say: the messages stay in its history. The sessions still get an
                // (empty) catch-up, so that they stop holding the group's live messages.
                org.slf4j.LoggerFactory.getLogger(Chat21Mqtt.class).debug("catch-up of {} failed: {}", j.channelId(), e.getMessage());
                broker.publish(new Publication(List.of(Topics.user(c.userId())), Set.of(c.userId()),
                        new Chat21Catchup(c.userId(), j.channelId(), j.offset(), List.of())));
            }
        });
    }

    @Override
    public List<Retained> retained(Principal principal, String topicFilter) {
        Chat21Caller c = ((Chat21Session) principal).caller();
        List<Retained> out = new ArrayList<>();
        for (ConversationStore.Retained r : chat.core().retained().of(c.userId())) {
            if (MqttTopics.matches(topicFilter, r.topic())) out.add(new Retained(r.topic(), r.payload()));
        }
        return out;
    }

    // ---- payloads

    private JsonNode json(byte[] payload) {
        try {
            JsonNode n = json.mapper().readTree(payload);
            if (n == null || !n.isObject()) throw new IllegalArgumentException("the payload is not a JSON object");
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException("the payload is not JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v == null || v.isNull() ? null : v.isTextual() || v.isNumber() ? v.asText() : null;
    }

    private static String object(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v != null && v.isObject() ? v.toString() : null;
    }

    /** The member ids of an inline group ({@code "group":{"members":{"id":1,...}}}), or null. */
    private static List<String> inlineMembers(JsonNode m) {
        JsonNode members = m.path("group").path("members");
        if (!members.isObject() || members.isEmpty()) return null;
        List<String> ids = new ArrayList<>();
        members.fieldNames().forEachRemaining(id -> {
            if (!id.isBlank() && id.length() <= 64) ids.add(id);
        });
        return ids;
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
