package io.chorus.api.chat21;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.Channel;
import io.chorus.core.MessageEvent;
import io.chorus.core.conversation.ConversationView;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * The reference observer's webhooks: {@code message-sent} (once per message), {@code message-delivered} (once per
 * recipient), {@code message-received} and {@code message-return-receipt} (a recipient reported it received),
 * {@code conversation-archived}, and {@code presence-change} (always posted, as in the reference). Each node posts
 * what it accepted, so a cluster posts every event once. Bodies are the reference's; beyond it, each POST carries
 * {@code X-Chorus-Signature: sha256=<hex HMAC-SHA256 of the body>} and {@code X-Chorus-Event}, and a failed POST
 * (no answer, or not 2xx) is retried after 1, 5 and 25 seconds. At most {@link #MAX_PENDING} posts wait at once;
 * beyond that new events are dropped with a warning rather than growing memory.
 */
final class Chat21Webhooks {
    static final int MAX_PENDING = 10_000;
    private static final long[] RETRY_MILLIS = {1_000, 5_000, 25_000};
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Chat21Webhooks.class);

    private final List<URI> endpoints;
    private final Set<String> events;
    private final byte[] key;
    private final Chat21Json json;
    private final Executor blocking;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Semaphore pending = new Semaphore(MAX_PENDING);

    Chat21Webhooks(List<String> endpoints, List<String> events, String key, Chat21Json json, Executor blocking) {
        this.endpoints = endpoints.stream().map(URI::create).toList();
        this.events = Set.copyOf(events);
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.json = json;
        this.blocking = blocking;
    }

    boolean enabled() { return !endpoints.isEmpty(); }

    /** A message committed on this node in a channel of the app: sent once, delivered to each other member. */
    void committed(MessageEvent e, Channel channel) {
        if (!enabled()) return;
        String shared = json.messageShared(e);
        String sender = e.message().senderId();
        if (wants("message-sent")) {
            post(messageEvent("message-sent", e, json.messageFor(shared, e, sender, Set.of()), sender));
        }
        if (wants("message-delivered")) {
            for (String member : channel.members()) {
                if (!member.equals(sender)) post(messageEvent("message-delivered", e, json.messageFor(shared, e, member, Set.of()), member));
            }
        }
    }

    /** {@code receiver} reported a message received: {@code message-received} for them, the receipt for the sender. */
    void received(MessageEvent e, String receiver) {
        if (!enabled()) return;
        String shared = json.messageShared(e);
        String sender = e.message().senderId();
        if (wants("message-received")) {
            post(messageEvent("message-received", e, json.messageFor(shared, e, receiver, Set.of(receiver)), receiver));
        }
        if (wants("message-return-receipt")) {
            String with = json.conversWith(e.message(), sender);
            // The sender's copy shows the receipt (250) when its conversation partner (a direct peer) has it.
            post(messageEvent("message-return-receipt", e, json.messageFor(shared, e, sender, new java.util.HashSet<>(List.of(with, receiver))), sender));
        }
    }

    void archived(ConversationView v) {
        if (!enabled() || !wants("conversation-archived")) return;
        ObjectNode body = json.object().put("event_type", "conversation-archived").put("createdAt", System.currentTimeMillis())
                .put("app_id", v.channel().zoneId()).put("user_id", v.userId()).put("recipient_id", v.conversWith())
                .put("convers_with", v.conversWith());
        body.set("data", json.conversation(v));
        body.putObject("extras");
        post(body);
    }

    void presence(Chat21Caller c, String clientId, JsonNode payload) {
        if (!enabled()) return;
        ObjectNode body = json.object().put("event_type", "presence-change").put("createdAt", System.currentTimeMillis())
                .put("app_id", c.appId()).put("user_id", c.userId());
        ObjectNode data = body.putObject("data").put("user_id", c.userId()).put("client_id", clientId);
        data.put("presence", payload.path("connected").asBoolean(false) ? "online" : "offline");
        data.set("payload", payload);
        post(body);
    }

    private boolean wants(String event) { return events.contains(event); }

    private ObjectNode messageEvent(String type, MessageEvent e, String message, String deliveredTo) {
        ObjectNode body = json.object().put("event_type", type).put("createdAt", System.currentTimeMillis())
                .put("recipient_id", json.parse(message).path("recipient").asText())
                .put("app_id", e.message().zoneId()).put("message_id", e.message().id());
        body.set("data", json.parse(message));
        body.putObject("extras").put("topic", "apps/" + e.message().zoneId() + "/users/" + deliveredTo + "/messages/"
                + json.conversWith(e.message(), deliveredTo));
        body.put("delivered_to", deliveredTo);
        return body;
    }

    private void post(ObjectNode body) {
        String text = body.toString();
        String event = body.path("event_type").asText();
        for (URI endpoint : endpoints) {
            if (!pending.tryAcquire()) {
                LOG.warn("webhook {} to {} dropped: {} posts are already waiting", event, endpoint, MAX_PENDING);
                continue;
            }
            blocking.execute(() -> {
                try {
                    deliver(endpoint, event, text);
                } finally {
                    pending.release();
                }
            });
        }
    }

    /** Runs on a virtual thread: waiting between attempts costs no platform thread. */
    private void deliver(URI endpoint, String event, String body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-Chorus-Event", event)
                .header("X-Chorus-Signature", "sha256=" + sign(body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        for (int attempt = 0; ; attempt++) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) return;
                LOG.debug("webhook {} to {} answered {}", event, endpoint, status);
            } catch (java.io.IOException e) {
                LOG.debug("webhook {} to {} failed: {}", event, endpoint, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (attempt == RETRY_MILLIS.length) {
                LOG.warn("webhook {} to {} given up after {} attempts", event, endpoint, attempt + 1);
                return;
            }
            try {
                Thread.sleep(RETRY_MILLIS[attempt]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
