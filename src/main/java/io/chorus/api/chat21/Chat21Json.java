package io.chorus.api.chat21;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.Channel;
import io.chorus.core.ChannelKind;
import io.chorus.core.Directory;
import io.chorus.core.Message;
import io.chorus.core.MessageEvent;
import io.chorus.core.User;
import io.chorus.core.conversation.ConversationView;
import io.chorus.core.conversation.Conversations;
import io.chorus.core.conversation.GroupChanged;
import io.chorus.core.conversation.GroupProfile;

import java.util.List;
import java.util.Set;

/**
 * Chat21's JSON for messages, conversations and groups, as the reference observer stores and publishes them. A
 * message looks different to each member (its {@code status}, {@code timelineOf}, {@code conversWith}), so it is
 * rendered in two parts: what every viewer shares ({@link #messageShared}, once per message) and the viewer's tail.
 */
final class Chat21Json {
    /** Message status codes of the reference ({@code models/messageConstants.js}). */
    static final int SENT = 100, DELIVERED = 150, RECEIVED = 200, RETURN_RECEIPT = 250;

    private final ObjectMapper mapper;
    private final Directory directory;

    Chat21Json(ObjectMapper mapper, Directory directory) {
        this.mapper = mapper;
        this.directory = directory;
    }

    ObjectMapper mapper() { return mapper; }

    ObjectNode object() { return mapper.createObjectNode(); }

    /** The fields every viewer of the message shares, as a JSON object's text without its closing brace. */
    String messageShared(MessageEvent e) {
        Message m = e.message();
        Channel c = directory.channel(m.channelId()).orElse(null);
        boolean group = c == null || c.kind() == ChannelKind.GROUP;
        String recipient = group ? m.channelId() : Conversations.conversWith(m.senderId(), c);
        String recipientName = group ? (c == null ? m.channelId() : c.name())
                : directory.user(recipient).map(User::displayName).orElse(recipient);
        StringBuilder b = new StringBuilder(256).append('{');
        field(b, "text", m.text()).append(',');
        field(b, "type", m.type()).append(',');
        field(b, "recipient_fullname", recipientName).append(',');
        field(b, "sender_fullname", e.sender().displayName()).append(',');
        field(b, "channel_type", group ? "group" : "direct").append(',');
        if (m.attributes() != null) b.append("\"attributes\":").append(m.attributes()).append(',');
        if (m.metadata() != null) b.append("\"metadata\":").append(m.metadata()).append(',');
        field(b, "message_id", m.id()).append(',');
        field(b, "sender", m.senderId()).append(',');
        field(b, "recipient", recipient).append(',');
        field(b, "app_id", m.zoneId()).append(',');
        b.append("\"timestamp\":").append(m.createdAt());
        return b.toString();
    }

    /** The message as {@code viewer}'s timeline holds it: the shared part and the viewer's status and peer. */
    String messageFor(String shared, MessageEvent e, String viewer, Set<String> receivedBy) {
        Message m = e.message();
        String with = conversWith(m, viewer);
        return shared + messageTail(viewer, with, status(m, viewer, with, receivedBy));
    }

    /**
     * What follows the shared part for one viewer: their {@link #status} of the message and who it is with
     * ({@link #conversWith}'s answer for them). Nothing else of the message is in it, so a member's tail is the same
     * for every message of a conversation in the same status.
     */
    String messageTail(String viewer, String conversWith, int status) {
        StringBuilder b = new StringBuilder(96).append(',');
        b.append("\"status\":").append(status).append(',');
        field(b, "timelineOf", viewer).append(',');
        field(b, "conversWith", conversWith);
        return b.append('}').toString();
    }

    /** Who the message is with, seen from the viewer's timeline. */
    String conversWith(Message m, String viewer) {
        Channel c = directory.channel(m.channelId()).orElse(null);
        if (c == null || c.kind() == ChannelKind.GROUP) return m.channelId();
        return Conversations.conversWith(viewer, c);
    }

    /**
     * The sender's copy is sent (100) until the peer of a direct conversation received it (250); a recipient's copy
     * is delivered (150) until they report it received (200).
     */
    static int status(Message m, String viewer, String conversWith, Set<String> receivedBy) {
        if (m.senderId().equals(viewer)) return receivedBy.contains(conversWith) ? RETURN_RECEIPT : SENT;
        return receivedBy.contains(viewer) ? RECEIVED : DELIVERED;
    }

    /** A conversation document: the viewer's copy of its newest message plus the conversation's fields. */
    ObjectNode conversation(ConversationView v) {
        MessageEvent last = v.last();
        ObjectNode doc = parse(messageFor(messageShared(last), last, v.userId(), v.lastReceivedBy()));
        doc.put("key", v.conversWith());
        doc.put("is_new", v.isNew());
        doc.put("archived", v.archived());
        doc.put("last_message_text", last.message().text());
        if (v.state().patch() != null) {
            JsonNode patch = parse(v.state().patch());
            patch.fieldNames().forEachRemaining(f -> {
                if (!doc.has(f)) doc.set(f, patch.get(f));
            });
        }
        return doc;
    }

    /** A group as the reference stores it: {@code {name, uid, appId, owner, members:{id:1}, createdOn, updatedOn, attributes?}}. */
    ObjectNode group(Channel c, GroupProfile p) {
        ObjectNode g = object().put("name", c.name()).put("uid", c.id()).put("appId", c.zoneId());
        if (p.ownerId() != null) g.put("owner", p.ownerId());
        ObjectNode members = g.putObject("members");
        for (String m : c.members()) members.put(m, 1);
        g.put("createdOn", c.createdAt()).put("updatedOn", p.updatedAt());
        if (p.attributes() != null) g.set("attributes", parse(p.attributes()));
        return g;
    }

    /** A group update as the reference publishes it: the group, with a {@code notification} saying what changed. */
    ObjectNode groupUpdate(GroupChanged g) {
        ObjectNode group = group(g.channel(), g.profile());
        String key = switch (g.change()) {
            case MEMBERS -> g.added().isEmpty() ? "MEMBER_LEFT_GROUP" : "MEMBER_JOINED_GROUP";
            case RENAMED -> "DATA_UPDATED_GROUP";
            case ATTRIBUTES -> "ATTRIBUTES_UPDATED_GROUP";
            case CREATED -> "GROUP_CREATED";
        };
        ObjectNode label = group.putObject("notification").putObject("messagelabel").put("key", key);
        ObjectNode parameters = label.putObject("parameters");
        List<String> who = g.added().isEmpty() ? g.removed() : g.added();
        if (g.change() == GroupChanged.Change.MEMBERS && !who.isEmpty()) {
            String member = who.get(0);
            parameters.put("member_id", member).put("fullname", directory.user(member).map(User::displayName).orElse(member));
        }
        return group;
    }

    ObjectNode parse(String json) {
        try {
            return (ObjectNode) mapper.readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("stored JSON is not an object: " + e.getMessage(), e);
        }
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":");
        return value == null ? b.append("null") : quote(b, value);
    }

    /** A JSON string literal, written by hand: this runs once per message and member, where a generator would cost more. */
    static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == '\u2028' || ch == '\u2029') b.append(String.format("\\u%04x", (int) ch));
                    else b.append(ch);
                }
            }
        }
        return b.append('"');
    }
}
