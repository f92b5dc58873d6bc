package io.chorus.api.chat21;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.Channel;
import io.chorus.core.Message;
import io.chorus.core.MessageEvent;
import io.chorus.core.User;
import io.chorus.core.conversation.ConversationView;
import io.chorus.core.conversation.Conversations;
import io.chorus.core.conversation.Conversations.Group;
import io.chorus.store.ConversationStore;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/** The Chat21 REST routing table (one screen) and its handlers. Handlers run off the event loop. */
final class Chat21Routes {
    interface Table { void add(HttpMethod method, String path, Chat21Rest.Handler handler); }

    private final Chat21Service chat;
    private final Chat21Json json;
    private final Chat21Webhooks webhooks;

    Chat21Routes(Chat21Service chat, Chat21Json json, Chat21Webhooks webhooks) {
        this.chat = chat;
        this.json = json;
        this.webhooks = webhooks;
    }

    Chat21Json json() { return json; }

    void table(Table t) {
        String api = "/api/:app";
        t.add(GET, api + "/getInfo", (c, rc, b) -> Chat21Rest.Reply.json(200, json.object().put("v", chat.core().info().version())));
        t.add(POST, api + "/messages", this::sendMessage);
        t.add(POST, api + "/groups", this::createGroup);
        t.add(GET, api + "/groups/:group", this::getGroup);
        t.add(POST, api + "/groups/:group/members", this::joinGroup);
        t.add(PUT, api + "/groups/:group/members", this::setMembers);
        t.add(DELETE, api + "/groups/:group/members/:member", (c, rc, b) -> {
            chat.leave(c, rc.pathParam("group"), rc.pathParam("member"));
            return Chat21Rest.Reply.ok();
        });
        t.add(PUT, api + "/groups/:group", this::renameGroup);
        t.add(PUT, api + "/groups/:group/attributes", this::setAttributes);
        t.add(DELETE, api + "/conversations/:with", this::archive);
        t.add(DELETE, api + "/:group/conversations/timelines", (c, rc, b) -> {
            chat.core().conversations().clearTimelines(chat.managed(c, rc.pathParam("group")).channel());
            return Chat21Rest.Reply.ok();
        });
        t.add(DELETE, api + "/:group/messages/timelines", (c, rc, b) -> {
            chat.core().conversations().deleteMessages(chat.managed(c, rc.pathParam("group")).channel());
            return Chat21Rest.Reply.ok();
        });
        t.add(GET, api + "/:user/conversations", (c, rc, b) -> conversations(c, rc, false));
        t.add(GET, api + "/:user/conversations/archived", (c, rc, b) -> conversations(c, rc, true));
        t.add(GET, api + "/:user/archived_conversations", (c, rc, b) -> conversations(c, rc, true));
        t.add(GET, api + "/:user/conversations/:with/messages", this::messages);
        t.add(GET, api + "/:user/conversations/:with", (c, rc, b) -> conversation(c, rc, false));
        t.add(GET, api + "/:user/archived_conversations/:with", (c, rc, b) -> conversation(c, rc, true));
        t.add(POST, api + "/:user/instances/:instance", this::saveInstance);
    }

    // ---- messages

    private Chat21Rest.Reply sendMessage(Chat21Caller c, RoutingContext rc, JsonNode b) {
        String senderName = text(b, "sender_fullname");
        if (senderName == null) throw Chat21Failure.text(405, "Sender Fullname is mandatory");
        String recipient = text(b, "recipient_id");
        if (recipient == null) throw Chat21Failure.text(405, "Recipient id is mandatory");
        String recipientName = text(b, "recipient_fullname");
        if (recipientName == null) throw Chat21Failure.text(405, "Recipient Fullname is mandatory");
        User sender = chat.identify(c);
        String as = text(b, "sender_id");
        if (as != null && c.admin()) sender = chat.member(c.appId(), as, senderName);
        Message m = chat.send(sender, c.appId(), new Chat21Service.Outgoing(recipient, recipientName, senderName,
                text(b, "text"), text(b, "type"), text(b, "channel_type"), object(b, "attributes"), object(b, "metadata"), null));
        return Chat21Rest.Reply.json(200, json.object().put("success", true).put("message_id", m.id()));
    }

    // ---- groups

    private Chat21Rest.Reply createGroup(Chat21Caller c, RoutingContext rc, JsonNode b) {
        String name = text(b, "group_name");
        if (name == null) throw Chat21Failure.text(405, "group_name not present!");
        List<String> members = memberIds(b.get("group_members"));
        if (members == null) throw Chat21Failure.text(405, "group_members not present!");
        chat.identify(c);
        Group g = chat.createGroup(c, text(b, "group_id"), name, members, text(b, "group_owner"), object(b, "attributes"));
        ObjectNode reply = json.object().put("success", true);
        reply.set("group", json.group(g.channel(), g.profile()));
        return Chat21Rest.Reply.json(201, reply);
    }

    private Chat21Rest.Reply getGroup(Chat21Caller c, RoutingContext rc, JsonNode b) {
        Group g = chat.readableGroup(c, rc.pathParam("group"));
        ObjectNode reply = json.object().put("success", true);
        reply.set("result", json.group(g.channel(), g.profile()));
        return Chat21Rest.Reply.json(200, reply);
    }

    private Chat21Rest.Reply joinGroup(Chat21Caller c, RoutingContext rc, JsonNode b) {
        String member = text(b, "member_id");
        if (member == null) throw Chat21Failure.text(405, "member_id is mandatory!");
        chat.join(c, rc.pathParam("group"), member);
        return Chat21Rest.Reply.ok();
    }

    private Chat21Rest.Reply setMembers(Chat21Caller c, RoutingContext rc, JsonNode b) {
        List<String> members = memberIds(b.get("members"));
        if (members == null) throw Chat21Failure.text(405, "members is mandatory");
        chat.setMembers(c, rc.pathParam("group"), members);
        return Chat21Rest.Reply.ok();
    }

    private Chat21Rest.Reply renameGroup(Chat21Caller c, RoutingContext rc, JsonNode b) {
        String name = text(b, "group_name");
        if (name == null) throw Chat21Failure.text(405, "group_name is mandatory");
        chat.rename(c, rc.pathParam("group"), name);
        return Chat21Rest.Reply.ok();
    }

    private Chat21Rest.Reply setAttributes(Chat21Caller c, RoutingContext rc, JsonNode b) {
        String attributes = object(b, "attributes");
        if (attributes == null) throw Chat21Failure.text(405, "attributes is mandatory");
        chat.setAttributes(c, rc.pathParam("group"), attributes);
        return Chat21Rest.Reply.ok();
    }

    // ---- timelines

    /** Archives the conversation (the reference ignores {@code ?delete} and always archives); an admin may name {@code user_id}. */
    private Chat21Rest.Reply archive(Chat21Caller c, RoutingContext rc, JsonNode b) {
        String as = text(b, "user_id");
        User user = as != null && c.admin() ? chat.member(c.appId(), as, null) : chat.identify(c);
        Optional<Channel> channel = chat.core().conversations().channelOf(user, c.appId(), rc.pathParam("with"));
        channel.filter(ch -> ch.hasMember(user.id())).flatMap(ch -> chat.core().conversations().archive(user, ch))
                .ifPresent(webhooks::archived);
        return new Chat21Rest.Reply(201, "{\"success\":true}", true);
    }

    private Chat21Rest.Reply conversations(Chat21Caller c, RoutingContext rc, boolean archived) {
        User user = timelineOwner(c, rc);
        ArrayNode result = json.mapper().createArrayNode();
        for (ConversationView v : chat.core().conversations().conversations(user, c.appId(), archived)) result.add(json.conversation(v));
        return result(result);
    }

    private Chat21Rest.Reply conversation(Chat21Caller c, RoutingContext rc, boolean archived) {
        User user = timelineOwner(c, rc);
        ArrayNode result = json.mapper().createArrayNode();
        chat.core().conversations().conversation(user, c.appId(), rc.pathParam("with"), archived)
                .ifPresent(v -> result.add(json.conversation(v)));
        return result(result);
    }

    /** The newest 200 messages of a conversation, newest first, as the user's timeline holds them. */
    private Chat21Rest.Reply messages(Chat21Caller c, RoutingContext rc, JsonNode b) {
        User user = timelineOwner(c, rc);
        ArrayNode result = json.mapper().createArrayNode();
        Optional<Channel> channel = chat.core().conversations().channelOf(user, c.appId(), rc.pathParam("with"))
                .filter(ch -> ch.hasMember(user.id()));
        if (channel.isPresent()) {
            Conversations.History h = chat.core().conversations().history(user, channel.get());
            for (MessageEvent e : h.messages()) {
                String shown = json.messageFor(json.messageShared(e), e, user.id(), h.receipts().getOrDefault(e.message().id(), Set.of()));
                result.add(json.parse(shown));
            }
        }
        return result(result);
    }

    private Chat21Rest.Reply saveInstance(Chat21Caller c, RoutingContext rc, JsonNode b) {
        User user = timelineOwner(c, rc);
        String instance = rc.pathParam("instance");
        if (instance.length() > 256) throw Chat21Failure.text(405, "instance_id is too long");
        chat.core().conversations().saveInstance(new ConversationStore.PushInstance(c.appId(), user.id(), instance,
                limited(b, "device_model"), limited(b, "language"), limited(b, "platform"), limited(b, "platform_version"),
                System.currentTimeMillis()));
        return Chat21Rest.Reply.ok();
    }

    /**
     * The user whose timeline a route reads: the caller, or anyone for an admin. (The reference lets any user list any
     * other user's conversations; Chorus does not.)
     */
    private User timelineOwner(Chat21Caller c, RoutingContext rc) {
        String userId = rc.pathParam("user");
        if (!userId.equals(c.userId()) && !c.admin()) throw Chat21Failure.empty(401);
        return userId.equals(c.userId()) ? chat.identify(c) : chat.member(c.appId(), userId, null);
    }

    private Chat21Rest.Reply result(ArrayNode result) {
        ObjectNode reply = json.object().put("success", true);
        reply.set("result", result);
        return Chat21Rest.Reply.json(200, reply);
    }

    // ---- body fields

    private static String text(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() && !v.isNumber()) throw Chat21Failure.text(405, field + " must be a string");
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    private static String limited(JsonNode b, String field) {
        String s = text(b, field);
        if (s != null && s.length() > 256) throw Chat21Failure.text(405, field + " is too long");
        return s;
    }

    /** A JSON object field as text, or null when absent. */
    private static String object(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isObject()) throw Chat21Failure.text(405, field + " must be an object");
        return v.toString();
    }

    /** Members as the reference takes them ({@code {"id":1,...}}), or a list of ids as the SDK may send; null if absent. */
    private static List<String> memberIds(JsonNode v) {
        if (v == null || v.isNull()) return null;
        List<String> ids = new ArrayList<>();
        if (v.isObject()) {
            for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) ids.add(it.next());
        } else if (v.isArray()) {
            for (JsonNode id : v) {
                if (!id.isTextual()) throw Chat21Failure.text(405, "members must be ids");
                ids.add(id.asText());
            }
        } else {
            throw Chat21Failure.text(405, "members must be an object of ids");
        }
        for (String id : ids) if (id.isBlank() || id.length() > 64) throw Chat21Failure.text(405, "a member id needs 1-64 characters");
        if (ids.size() > Chat21Service.MAX_MEMBERS) {
            throw Chat21Failure.text(405, "a group has at most " + Chat21Service.MAX_MEMBERS + " members");
        }
        return ids;
    }
}
