package io.chorus.api.mqtt;

import io.chorus.fanout.Hub;
import io.chorus.fanout.Publication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small application over MQTT for the tests: users good, other (password "secret") and banned (not authorized);
 * a user subscribes under users/&lt;user&gt;/ only and may not publish under forbidden/; a message to users/&lt;x&gt;/...
 * goes through the hub to user x's core topic u:&lt;x&gt; and comes back out as the same MQTT message. Publishes under
 * held/ are handled (not recorded, not delivered) when {@link #heldUntil} completes.
 */
final class TestChatApp implements MqttApplication {
    record User(String userId) implements Principal {}

    record Event(String topic, byte[] payload) {}

    /** Core topics to follow ({@code +topic}) and unfollow ({@code -topic}), in this order, within one delivery. */
    record TopicChanges(List<String> changes) {}

    private final Hub hub;
    final Map<String, byte[]> retained = new ConcurrentHashMap<>();
    /** Every published() call, as "user topic payload". */
    final List<String> published = new CopyOnWriteArrayList<>();
    /** When the publishes under held/ count as handled (their PUBACKs wait for it). */
    volatile java.util.concurrent.CompletableFuture<Void> heldUntil = java.util.concurrent.CompletableFuture.completedFuture(null);

    TestChatApp(Hub hub) { this.hub = hub; }

    @Override
    public Principal authenticate(String clientId, String username, byte[] password) throws Refusal {
        if ("banned".equals(username)) throw new Refusal(Refusal.Reason.NOT_AUTHORIZED, "banned");
        boolean known = "good".equals(username) || "other".equals(username);
        if (!known || password == null || !"secret".equals(new String(password, StandardCharsets.UTF_8))) {
            throw new Refusal(Refusal.Reason.BAD_CREDENTIALS, "bad credentials");
        }
        return new User(username);
    }

    @Override
    public boolean maySubscribe(Principal principal, String topicFilter) {
        return topicFilter.startsWith("users/" + principal.userId() + "/");
    }

    @Override
    public boolean mayPublish(Principal principal, String topic) { return !topic.startsWith("forbidden/"); }

    @Override
    public java.util.concurrent.CompletionStage<Void> published(Principal principal, String topic, byte[] payload, boolean retain) {
        if (topic.startsWith("held/")) return heldUntil;
        published.add(principal.userId() + " " + topic + " " + new String(payload, StandardCharsets.UTF_8));
        if (retain) {
            if (payload.length == 0) retained.remove(topic);
            else retained.put(topic, payload);
        }
        String[] levels = topic.split("/");
        String user = levels.length > 1 && levels[0].equals("users") ? levels[1] : principal.userId();
        hub.publish(new Publication(List.of("u:" + user), null, new Event(topic, payload)));
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    @Override
    public List<String> coreTopics(Principal principal) { return List.of("u:" + principal.userId()); }

    @Override
    public void deliver(Principal principal, Publication publication, Delivery out) {
        if (publication.event() instanceof Event e) out.publish(e.topic(), e.payload(), false);
        if (publication.event() instanceof TopicChanges t) {
            for (String c : t.changes()) {
                if (c.startsWith("+")) out.follow(c.substring(1));
                else out.unfollow(c.substring(1));
            }
        }
    }

    @Override
    public List<Retained> retained(Principal principal, String topicFilter) {
        List<Retained> out = new ArrayList<>();
        retained.forEach((topic, payload) -> {
            if (MqttTopics.matches(topicFilter, topic)) out.add(new Retained(topic, payload));
        });
        return out;
    }
}
