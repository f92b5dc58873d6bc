package io.chorus.api.socketchat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.api.socketio.Ack;
import io.chorus.api.socketio.ConnectError;
import io.chorus.api.socketio.Handshake;
import io.chorus.api.socketio.Namespace;
import io.chorus.api.socketio.SocketIoSocket;
import io.chorus.core.Channel;
import io.chorus.core.ChorusException;
import io.chorus.core.MessageEvent;
import io.chorus.core.Messaging;
import io.chorus.core.Topics;
import io.chorus.core.User;
import io.chorus.transport.LoopInbox;
import io.chorus.transport.OffLoop;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The chat namespace "/": a socket identifies itself with the handshake headers {@code authorisation},
 * {@code channels} and {@code id} (browsers send them on the first polling request) or the same keys in the v4
 * {@code auth} payload, and listens to the channels it names that its user belongs to, plus its user's own room.
 * Without a valid token it stays connected and hears nothing, as the seed documents. It sends {@code message} and
 * {@code messageDeleted}; answers (when the client asks for an acknowledgement) are the message or {@code {error}}.
 */
final class ChatSockets {
    private static final String USER = "chat.user";
    private static final String TOKEN = "chat.token";
    private static final String ROOMS = "chat.rooms";
    /** What {@link #identify} reads from the handshake's headers and query; connections keep nothing else. */
    static final String[] HANDSHAKE_FIELDS = {"authorisation", "token", "channels"};

    private final ChatService chat;
    private final ChatJson json;

    ChatSockets(ChatService chat, ChatJson json) {
        this.chat = chat;
        this.json = json;
    }

    void register(Namespace ns) {
        ns.roomTopics(room -> room.startsWith("c:") || room.startsWith("u:") ? room : null)
                .events(new ChatEvents(ns, json))
                .enableRecovery()
                .readsAuthOnlyWhileConnecting()
                .on("message", this::onMessage)
                .on("messageDeleted", this::onMessageDeleted)
                .use(this::identify)
                .onConnection(this::connected);
    }

    /** Works out the user and the rooms from the handshake (directory lookups only: no blocking). */
    private void identify(SocketIoSocket socket, Consumer<ConnectError> next) {
        Handshake h = socket.handshake();
        String token = value(h, "authorisation", "token");
        User user = chat.user(token).orElse(null);
        if (user != null) {
            List<String> rooms = new ArrayList<>();
            for (Channel c : chat.readable(user, channelIds(h))) rooms.add(Topics.channel(c.id()));
            rooms.add(Topics.user(user.id()));
            socket.data().put(USER, user.id());
            socket.data().put(TOKEN, token);
            socket.data().put(ROOMS, rooms);
        }
        next.accept(null);
    }

    private static String value(Handshake h, String... names) {
        for (String n : names) {
            String v = h.header(n);
            if (v != null && !v.isBlank()) return v;
            JsonNode a = h.auth() == null ? null : h.auth().get(n);
            if (a != null && a.isTextual() && !a.asText().isBlank()) return a.asText();
            v = h.query(n);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }

    /** {@code channels}: a comma list in the header (how browsers stringify an array), or an array in {@code auth}. */
    private static List<String> channelIds(Handshake h) {
        List<String> ids = new ArrayList<>();
        JsonNode a = h.auth() == null ? null : h.auth().get("channels");
        if (a != null && a.isArray()) {
            for (JsonNode v : a) if (v.isTextual() || v.isIntegralNumber()) ids.add(v.asText());
            return ids;
        }
        String list = h.header("channels");
        if (list == null && a != null && a.isTextual()) list = a.asText();
        if (list == null) list = h.query("channels");
        if (list == null) return ids;
        for (String id : list.split(",")) if (!id.isBlank()) ids.add(id.strip());
        return ids;
    }

    @SuppressWarnings("unchecked")
    private void connected(SocketIoSocket socket) {
        String userId = (String) socket.data().get(USER);
        if (userId == null) return;
        // The token stays in the data (a recovered socket is authenticated from it again); the room list is needed
        // only now, and a recovered socket has its rooms back already.
        socket.connection().authenticated(userId, (String) socket.data().get(TOKEN));
        List<String> rooms = (List<String>) socket.data().remove(ROOMS);
        if (!socket.recovered() && rooms != null) for (String room : rooms) socket.join(room);
    }

    // ---- events from the client

    private void onMessage(SocketIoSocket socket, ArrayNode args, Ack ack) {
        JsonNode m = args.path(0);
        String content = text(m, "content");
        String channelId = text(m, "channel");
        if (content == null || channelId == null) {
            fail(ack, "invalid_message", "a message is {content, channel} with string values");
            return;
        }
        Consumer<Messaging.Outcome> done = outcome -> {
            ObjectNode shown = switch (outcome) {
                case Messaging.Outcome.Sent s -> json.message(new MessageEvent(s.message(), currentUser(socket), null, false));
                case Messaging.Outcome.CommandReply r -> json.message(r.reply());
            };
            if (!socket.rooms().contains(Topics.channel(channelId))) socket.emit("message", shown);
            if (ack != null) ack.send(shown);
        };
        // A known user's text (not a command) to a chat channel by id is validated and queued right here on the loop,
        // and answered from it once durable; anything else (no user, unknown channel, a command) goes the blocking
        // way, which also gives the refusals.
        User u = currentUser(socket);
        io.vertx.core.Context ctx = Vertx.currentContext();
        CompletableFuture<Messaging.Outcome> now;
        try {
            now = u == null || ctx == null ? null : chat.core().messaging().submitNow(new Messaging.Send(u, ChatService.ZONE,
                    channelId, content, null, null, null, null));
        } catch (RuntimeException e) {
            settle(socket, ack, null, e, done);
            return;
        }
        if (now != null) {
            LoopInbox loop = LoopInbox.of(ctx);
            now.whenComplete((outcome, failure) -> loop.execute(() -> settle(socket, ack, outcome, failure, done)));
            return;
        }
        run(socket, ack, () -> {
            User sender = requireUser(socket);
            Channel c = chatChannel(channelId);
            return chat.core().messaging().submit(new Messaging.Send(sender, ChatService.ZONE, c.id(), content,
                    null, null, null, null)).join();
        }, done);
    }

    private void onMessageDeleted(SocketIoSocket socket, ArrayNode args, Ack ack) {
        JsonNode d = args.path(0);
        String channelId = text(d, "channel");
        String id = text(d, "id");
        if (channelId == null || id == null) {
            fail(ack, "invalid_message", "a deletion is {channel, id} with string values");
            return;
        }
        run(socket, ack, () -> chat.core().messaging().delete(requireUser(socket), chatChannel(channelId).id(), id), deleted -> {
            ObjectNode shown = json.object().put("channel", deleted.channelId()).put("id", deleted.messageId());
            if (!socket.rooms().contains(Topics.channel(channelId))) socket.emit("messageDeleted", shown);
            if (ack != null) ack.send(shown);
        });
    }

    // ---- plumbing

    private <T> void run(SocketIoSocket socket, Ack ack, Callable<T> work, Consumer<T> done) {
        OffLoop.call(chat.core().blocking(), work).onComplete(ar -> settle(socket, ack, ar.result(), ar.cause(), done));
    }

    /** On the socket's loop: the answer to an event, or its refusal ({@code failure} not null). */
    private <T> void settle(SocketIoSocket socket, Ack ack, T result, Throwable failure, Consumer<T> done) {
        if (!socket.connected()) return;
        if (failure == null) {
            done.accept(result);
        } else if (failure instanceof ChorusException e) {
            fail(ack, e.atom(), e.details());
        } else {
            fail(ack, "internal_error", "the message could not be handled");
        }
        socket.connection().flush();
    }

    private User currentUser(SocketIoSocket socket) {
        String id = (String) socket.data().get(USER);
        return id == null ? null : chat.core().directory().user(id).orElse(null);
    }

    private User requireUser(SocketIoSocket socket) {
        User u = currentUser(socket);
        if (u == null) throw ChorusException.forbidden("connect with a valid authorisation token to send");
        return u;
    }

    /** Only channels of the chat's zone, by id (never a name or a user, which would open a DM as a side effect). */
    private Channel chatChannel(String id) {
        return chat.core().directory().channel(id).filter(c -> c.zoneId().equals(ChatService.ZONE))
                .orElseThrow(() -> ChorusException.notFound("channel_not_found", "no channel " + id));
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.path(field);
        return v.isTextual() || v.isIntegralNumber() ? v.asText() : null;
    }

    private void fail(Ack ack, String error, String reason) {
        if (ack != null) ack.send(json.object().put("error", error).put("message", reason));
    }
}
