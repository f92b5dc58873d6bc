package io.chorus.api.chat21;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.Channel;
import io.chorus.core.ChorusException;
import io.chorus.core.Chorus;
import io.chorus.core.Message;
import io.chorus.core.Messaging;
import io.chorus.core.User;
import io.chorus.core.conversation.Conversations;
import io.chorus.core.conversation.Conversations.Group;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What the Chat21 REST API and the MQTT topics do, over the core: an app is a zone, a user id is a core user (made
 * on first sight: the token's issuer vouches for it), a group is a group channel with an owner, a direct
 * conversation is a direct channel. Rules are the reference's (owner or admin manage a group; any member may remove
 * a member) unless noted. Blocking: call off the event loop.
 */
final class Chat21Service {
    /** Members a group may have: each new id becomes a user, so a request must not make millions of them. */
    static final int MAX_MEMBERS = 10_000;

    private final Chorus core;
    private final Chat21Json json;

    Chat21Service(Chorus core, Chat21Json json) {
        this.core = core;
        this.json = json;
    }

    Chorus core() { return core; }

    /** The caller's user in the caller's app, both created on first use. */
    User identify(Chat21Caller c) { return member(c.appId(), c.userId(), null); }

    /** A user of the app (created, and made a member of the app's zone, if new). */
    User member(String appId, String userId, String nickname) {
        core.zones().ensureZone(appId);
        User u = core.accounts().ensureUser(userId, nickname);
        core.zones().ensureMember(appId, u.id());
        return u;
    }

    // ---- messages

    /**
     * A message as a client sends it (REST body or MQTT payload). {@code inlineMembers} are the members of an inline
     * ("volatile") group the MQTT client named in the message, or null.
     */
    record Outgoing(String recipientId, String recipientFullname, String senderFullname, String text, String type,
                    String channelType, String attributes, String metadata, List<String> inlineMembers) {
        boolean toGroup() {
            return "group".equals(channelType) || (recipientId != null && recipientId.contains("group-"));
        }
    }

    /** Sends as {@code sender} and waits until the message is durable. */
    Message send(User sender, String appId, Outgoing o) {
        try {
            return submit(sender, appId, o).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Sends as {@code sender}: into a group they are in, or the direct conversation with the recipient. Returns once
     * the message holds its place in the commit order (so a client's sends land in the order it made them); the
     * future completes when it is durable.
     */
    CompletableFuture<Message> submit(User sender, String appId, Outgoing o) {
        Channel channel;
        if (o.toGroup()) {
            User from = sender;
            Group g = core.conversations().group(appId, o.recipientId())
                    .or(() -> inlineGroup(from, appId, o))
                    .orElseThrow(() -> Chat21Failure.err(404, "Group doesn't exist"));
            channel = g.channel();
            if (!channel.hasMember(sender.id())) throw Chat21Failure.err(403, "You are not a member of this group");
        } else {
            User to = member(appId, o.recipientId(), o.recipientFullname());
            if (to.id().equals(sender.id())) throw Chat21Failure.text(405, "Recipient id must differ from the sender's");
            channel = core.zones().directWith(sender, appId, to);
        }
        // The reference shows the name the client sends; Chorus keeps it as the user's display name everywhere.
        if (o.senderFullname() != null && !o.senderFullname().isBlank() && o.senderFullname().length() <= 256
                && !o.senderFullname().equals(sender.nickname())) {
            sender = core.accounts().updateProfile(sender.id(), o.senderFullname(), sender.avatarUrl());
        }
        String type = o.type() == null || o.type().isBlank() ? Message.TYPE_TEXT : o.type();
        return core.messaging().submit(new Messaging.Send(sender, appId, channel.id(), o.text(), o.attributes(),
                o.metadata(), null, null), type).thenApply(out -> switch (out) {
            case Messaging.Outcome.Sent s -> s.message();
            case Messaging.Outcome.CommandReply r -> r.reply().message();
        });
    }

    /**
     * A message to a group that does not exist yet, naming its members inline (the reference's "volatile group"):
     * the reference delivers it to those members without saving a group; Chorus makes the group (owned by the
     * sender, who is a member too), since each member's timeline holds the conversation from then on anyway.
     */
    private java.util.Optional<Group> inlineGroup(User sender, String appId, Outgoing o) {
        if (o.inlineMembers() == null || o.inlineMembers().size() > MAX_MEMBERS) return java.util.Optional.empty();
        Set<String> ids = new LinkedHashSet<>(o.inlineMembers());
        ids.add(sender.id());
        List<String> members = new ArrayList<>();
        for (String m : ids) members.add(member(appId, m, null).id());
        String name = o.recipientFullname() == null || o.recipientFullname().isBlank() ? o.recipientId() : o.recipientFullname();
        try {
            return java.util.Optional.of(core.conversations().createGroup(appId, o.recipientId(), name, sender.id(), members, null));
        } catch (ChorusException e) {
            return core.conversations().group(appId, o.recipientId()); // made by a racing message
        }
    }

    // ---- groups

    Group createGroup(Chat21Caller caller, String id, String name, List<String> memberIds, String owner, String attributes) {
        String ownerId = caller.admin() && owner != null && !owner.isBlank() ? owner : caller.userId();
        Set<String> ids = new LinkedHashSet<>(memberIds);
        ids.add(ownerId);
        List<String> members = new ArrayList<>();
        for (String m : ids) members.add(member(caller.appId(), m, null).id());
        String groupId = id == null || id.isBlank() ? "group-" + UUID.randomUUID() : id;
        Group g;
        try {
            g = core.conversations().createGroup(caller.appId(), groupId, name, ownerId, members, attributes);
        } catch (ChorusException e) {
            if (e.kind() == ChorusException.Kind.CONFLICT) throw Chat21Failure.err(409, "Group " + groupId + " already exists");
            throw e;
        }
        ObjectNode created = json.object();
        created.putObject("messagelabel").put("key", "GROUP_CREATED").putObject("parameters").put("creator", ownerId);
        notice(g.channel(), "Group created", created);
        for (String m : members) notice(g.channel(), name(m) + " joined group on creation", joined(m));
        return g;
    }

    /** The group, if the caller may see it (a member, or an admin). */
    Group readableGroup(Chat21Caller caller, String id) {
        Group g = core.conversations().group(caller.appId(), id).orElseThrow(() -> Chat21Failure.err(404, "Group doesn't exist"));
        if (!caller.admin() && !g.channel().hasMember(caller.userId())) throw Chat21Failure.err(401, "Permission denied");
        return g;
    }

    /** Adds a member: the owner or an admin may (the reference's rule, whatever its README says). */
    Group join(Chat21Caller caller, String groupId, String memberId) {
        Group g = core.conversations().group(caller.appId(), groupId).orElseThrow(() -> joinRefusal("Not found", 404));
        if (!manages(caller, g)) throw joinRefusal("Not allowed", 401);
        if (g.channel().hasMember(memberId)) throw joinRefusal("Already a member", 401);
        User joiner = member(caller.appId(), memberId, null);
        List<String> members = new ArrayList<>(g.channel().members());
        if (members.size() >= MAX_MEMBERS) throw joinRefusal("A group has at most " + MAX_MEMBERS + " members", 403);
        members.add(joiner.id());
        Group now = core.conversations().setMembers(g, members);
        notice(now.channel(), name(joiner.id()) + " added to group", joined(joiner.id()));
        return now;
    }

    private static Chat21Failure joinRefusal(String err, int httpStatus) {
        return Chat21Failure.json(405, "{\"success\":false,\"err\":{\"success\":false,\"err\":" + Chat21Failure.quote(err)
                + ",\"http_status\":" + httpStatus + "},\"http_status\":405}");
    }

    /** Replaces the members (owner or admin); joiners and leavers get the reference's info lines. */
    Group setMembers(Chat21Caller caller, String groupId, List<String> memberIds) {
        Group g = core.conversations().group(caller.appId(), groupId).orElseThrow(() -> setRefusal("Not found"));
        if (!manages(caller, g)) throw setRefusal("Unauthorized");
        List<String> members = new ArrayList<>();
        for (String m : new LinkedHashSet<>(memberIds)) members.add(member(caller.appId(), m, null).id());
        if (Set.copyOf(members).equals(Set.copyOf(g.channel().members()))) {
            throw setRefusal("Same members in group, skipping setGroupMembers()");
        }
        for (String m : g.channel().members()) {
            if (!members.contains(m)) notice(g.channel(), m + " removed from group", left(m));
        }
        Group now = core.conversations().setMembers(g, members);
        for (String m : members) {
            if (!g.channel().hasMember(m)) notice(now.channel(), name(m) + " added to group", joined(m));
        }
        return now;
    }

    private static Chat21Failure setRefusal(String message) {
        return Chat21Failure.json(405, "{\"success\":false,\"err\":{\"message\":" + Chat21Failure.quote(message) + "}}");
    }

    /** Removes a member: any member, the owner or an admin may (the reference's rule). */
    Group leave(Chat21Caller caller, String groupId, String memberId) {
        Chat21Failure notFound = Chat21Failure.json(405, "{\"success\":false,\"err\":\"Not found\",\"http_status\":404}");
        Group g = core.conversations().group(caller.appId(), groupId).orElseThrow(() -> notFound);
        if (!(manages(caller, g) || g.channel().hasMember(caller.userId())) || !g.channel().hasMember(memberId)) throw notFound;
        notice(g.channel(), memberId + " removed from group", left(memberId));
        List<String> members = new ArrayList<>(g.channel().members());
        members.remove(memberId);
        return core.conversations().setMembers(g, members);
    }

    Group rename(Chat21Caller caller, String groupId, String name) {
        return core.conversations().rename(managed(caller, groupId), name);
    }

    Group setAttributes(Chat21Caller caller, String groupId, String attributes) {
        return core.conversations().setAttributes(managed(caller, groupId), attributes);
    }

    /** A group the caller may change (owner or admin). */
    Group managed(Chat21Caller caller, String groupId) {
        Group g = core.conversations().group(caller.appId(), groupId).orElseThrow(() -> Chat21Failure.err(404, "Group doesn't exist"));
        if (!manages(caller, g)) throw Chat21Failure.err(401, "Permission denied");
        return g;
    }

    private static boolean manages(Chat21Caller caller, Group g) {
        return caller.admin() || caller.userId().equals(g.profile().ownerId());
    }

    private void notice(Channel c, String text, ObjectNode attributes) {
        attributes.put("subtype", "info").put("updateconversation", true);
        core.messaging().notice(c, text, attributes.toString()).join();
    }

    private ObjectNode joined(String memberId) { return label("MEMBER_JOINED_GROUP", memberId); }

    private ObjectNode left(String memberId) { return label("MEMBER_LEFT_GROUP", memberId); }

    private ObjectNode label(String key, String memberId) {
        ObjectNode a = json.object();
        ObjectNode p = a.putObject("messagelabel").put("key", key).putObject("parameters").put("member_id", memberId);
        p.put("fullname", name(memberId));
        return a;
    }

    private String name(String userId) {
        return core.directory().user(userId).map(User::displayName).orElse(userId);
    }
}
