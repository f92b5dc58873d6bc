package io.chorus.api.diode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chorus.api.diode.jsonrpc.JsonRpcError;
import io.chorus.api.diode.jsonrpc.JsonRpcException;
import io.chorus.api.diode.jsonrpc.Params;
import io.chorus.core.Channel;
import io.chorus.core.Chorus;
import io.chorus.core.ChorusException;
import io.chorus.core.MessageEvent;
import io.chorus.core.Messaging;
import io.chorus.core.ServerInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The remote API's routing table, and the handlers that are not about subscriptions or members. */
final class DiodeMethods {
    static final List<String> EXTENSIONS = List.of("named_params", "positional_params", "unsubscribe_channel",
            "unsubscribe_all_channels_in_zone", "subscribe_since", "idempotency_key", "reply_to", "message_ids",
            "version");

    private final Chorus core;
    private final DiodeMessages messages;
    private final ObjectMapper json;
    private final DiodeChannelRefs channels;
    private final Map<String, DiodeMethod> table = new LinkedHashMap<>();

    DiodeMethods(Chorus core, DiodeMessages messages, ObjectMapper json, DiodeChannelRefs channels,
                 DiodeSubscriptions subscriptions, DiodeMembers members) {
        this.core = core;
        this.channels = channels;
        this.messages = messages;
        this.json = json;
        add("ping", List.of(), false, (c, p) -> TextNode.valueOf("The RPC endpoint has been successfully contacted."));
        add("version", List.of(), false, (c, p) -> version());
        add("authenticate", List.of("token"), true, (c, p) -> c.session().authenticate(c, p.requireString("token")));
        add("send_message", List.of("zone_id", "channel_id", "message_text"), false, this::sendMessage,
                this::sendMessageNow);
        add("get_messages", List.of("zone_id", "channel_id", "timestamp", "limit", "order"), true, this::getMessages);
        add("subscribe_channel", List.of("zone_id", "channel_id"), true, subscriptions::subscribeChannel);
        add("subscribe_all_channels_in_zone", List.of("zone_id"), true, subscriptions::subscribeZone);
        add("unsubscribe_channel", List.of("zone_id", "channel_id"), true, subscriptions::unsubscribeChannel);
        add("unsubscribe_all_channels_in_zone", List.of("zone_id"), true, subscriptions::unsubscribeZone);
        add("list_zone_members", List.of("zone_id"), false, members::list);
        add("add_zone_member", List.of("zone_id", "peer_id", "role"), false, members::add);
        add("remove_zone_member", List.of("zone_id", "peer_id"), false, members::remove);
        add("get_members_meta", List.of("zone_id"), true, members::meta);
    }

    private void add(String name, List<String> positional, boolean wsOnly, DiodeMethod.Handler handler) {
        add(name, positional, wsOnly, handler, null);
    }

    private void add(String name, List<String> positional, boolean wsOnly, DiodeMethod.Handler handler,
                     DiodeMethod.NowHandler now) {
        table.put(name, new DiodeMethod(name, positional, wsOnly, handler, now));
    }

    Optional<DiodeMethod> find(String name) { return Optional.ofNullable(table.get(name)); }

    private JsonNode version() {
        ObjectNode v = json.createObjectNode();
        v.put("api_version", ServerInfo.REMOTE_API_VERSION);
        v.put("server", "chorus");
        v.put("server_version", core.info().version());
        v.set("extensions", json.valueToTree(EXTENSIONS));
        return v;
    }

    private JsonNode sendMessage(DiodeCall call, Params p) throws Exception {
        var pending = core.messaging().submit(send(call, p, false));
        call.submitted(); // our place in the commit order is taken: the connection may start its next frame
        return sent(join(pending));
    }

    /**
     * {@code send_message} on the event loop when the core can take it without blocking (a channel named by id, not
     * a reply, not a command): the answer comes once the message is durable. Null when it must go the blocking way.
     */
    private java.util.concurrent.CompletableFuture<JsonNode> sendMessageNow(DiodeCall call, Params p) throws Exception {
        Messaging.Send send = send(call, p, true);
        var pending = send == null ? null : core.messaging().submitNow(send);
        if (pending == null) return null;
        call.submitted();
        return pending.thenApply(DiodeMethods::sent);
    }

    /** The send a call asks for; with {@code onLoop}, null when naming its channel could block. */
    private Messaging.Send send(DiodeCall call, Params p, boolean onLoop) throws Exception {
        String zoneId = p.requireString("zone_id");
        String text = p.has("message_text") ? p.requireString("message_text") : p.has("message")
                ? p.requireString("message") : p.requireString("message_text");
        String channelRef = onLoop ? channels.refWithoutBlocking(p) : channels.ref(call, p, zoneId);
        if (channelRef == null) return null;
        return new Messaging.Send(call.user(), zoneId, channelRef, text, jsonObject(p, "attributes"),
                jsonObject(p, "metadata"), p.optionalString("reply_to").orElse(null), idempotencyKey(p));
    }

    private static final TextNode MESSAGE_SENT = TextNode.valueOf("Message sent");

    private static JsonNode sent(Messaging.Outcome outcome) {
        return switch (outcome) {
            case Messaging.Outcome.Sent s -> MESSAGE_SENT;
            case Messaging.Outcome.CommandReply r -> TextNode.valueOf(r.text());
        };
    }

    private JsonNode getMessages(DiodeCall call, Params p) {
        String zoneId = p.requireString("zone_id");
        Channel channel = p.firstPresent("channel_id", "user_name") == null ? null : channels.resolve(call, p, zoneId);
        long afterSeconds = p.optionalLong("timestamp").orElse(0L);
        int limit = p.optionalLong("limit").map(l -> (int) Math.max(1, Math.min(l, Integer.MAX_VALUE))).orElse(100);
        String order = p.optionalString("order").orElse("ASC").toUpperCase(Locale.ROOT);
        if (!order.equals("ASC") && !order.equals("DESC")) {
            throw new JsonRpcException(JsonRpcError.invalidParams("invalid_order", "order must be ASC or DESC"));
        }
        Optional<Long> afterOffset = p.optionalLong("after_offset");
        List<MessageEvent> events = afterOffset.isPresent() && channel != null
                ? core.messaging().afterOffset(call.user(), channel, afterOffset.get(), limit)
                : core.messaging().afterTime(call.user(), zoneId, channel, afterSeconds * 1000 + 999, limit,
                        order.equals("DESC"));
        return messages.messages(events);
    }

    private static Messaging.Outcome join(java.util.concurrent.CompletableFuture<Messaging.Outcome> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private String jsonObject(Params p, String name) throws Exception {
        Optional<JsonNode> node = p.optionalObject(name);
        return node.isPresent() ? json.writeValueAsString(node.get()) : null;
    }

    private static String idempotencyKey(Params p) {
        Optional<String> key = p.optionalString("idempotency_key");
        if (key.isPresent() && (key.get().isEmpty() || key.get().length() > 128)) {
            throw new JsonRpcException(JsonRpcError.invalidParams("invalid_idempotency_key",
                    "idempotency_key must be 1-128 characters"));
        }
        return key.orElse(null);
    }
}
