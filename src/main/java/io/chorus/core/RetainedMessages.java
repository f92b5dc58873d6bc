package io.chorus.core;

import io.chorus.store.ConversationStore;

import java.util.List;

/**
 * MQTT retained messages, kept in the store so that a client finds them whichever node it connects to. Each user
 * keeps at most {@link #MAX_PER_USER} (clients that retain presence under a fresh client id each time would grow
 * without bound). Blocking: call off the event loop.
 */
public final class RetainedMessages {
    public static final int MAX_PER_USER = 100;

    private final ConversationStore store;

    RetainedMessages(ConversationStore store) { this.store = store; }

    /** Keeps the message as the topic's retained one; an empty payload clears it (as MQTT specifies). */
    public void retain(String topic, String ownerId, byte[] payload) {
        if (payload.length == 0) store.deleteRetained(topic);
        else store.putRetained(topic, ownerId, payload, System.currentTimeMillis(), MAX_PER_USER);
    }

    public List<ConversationStore.Retained> of(String ownerId) { return store.retained(ownerId); }
}
