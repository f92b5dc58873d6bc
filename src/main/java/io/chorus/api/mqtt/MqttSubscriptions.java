package io.chorus.api.mqtt;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connection's topic filters. Filters without wildcards are found by one map lookup; only wildcard filters are
 * tried one by one, so a client with many exact subscriptions costs little per delivery.
 */
final class MqttSubscriptions {
    /** A granted subscription: its QoS (0 or 1) and whether deliveries keep the publisher's retain flag (MQTT 5). */
    record Grant(int qos, boolean retainAsPublished) {
        Grant merge(Grant other) {
            if (other == null) return this;
            return new Grant(Math.max(qos, other.qos), retainAsPublished || other.retainAsPublished);
        }
    }

    // Tables sized for the usual client (a filter or two: Chat21's is one wildcard over its own subtree), not 16 slots.
    private final Map<String, Grant> exact = new HashMap<>(2);
    private final Map<String, Grant> wildcard = new LinkedHashMap<>(2);
    /**
     * The last topic matched and its answer (null: no filter matched): a fan-out delivers a conversation's messages
     * to a member under one topic, so the wildcard walk runs once per conversation, not once per message.
     */
    private String lastTopic;
    private Grant lastGrant;

    int size() { return exact.size() + wildcard.size(); }

    boolean contains(String filter) { return exact.containsKey(filter) || wildcard.containsKey(filter); }

    /** The grant of exactly this filter, or null. */
    Grant get(String filter) { return (MqttTopics.hasWildcard(filter) ? wildcard : exact).get(filter); }

    void put(String filter, Grant grant) {
        lastTopic = null;
        (MqttTopics.hasWildcard(filter) ? wildcard : exact).put(filter, grant);
    }

    boolean remove(String filter) {
        lastTopic = null;
        return (MqttTopics.hasWildcard(filter) ? wildcard : exact).remove(filter) != null;
    }

    /** What all matching filters grant together (the highest QoS: one delivery per message), or null if none. */
    Grant match(String topic) {
        if (topic.equals(lastTopic)) return lastGrant;
        Grant best = exact.get(topic);
        for (Map.Entry<String, Grant> e : wildcard.entrySet()) {
            if (MqttTopics.matches(e.getKey(), topic)) best = e.getValue().merge(best);
        }
        lastTopic = topic;
        lastGrant = best;
        return best;
    }
}
