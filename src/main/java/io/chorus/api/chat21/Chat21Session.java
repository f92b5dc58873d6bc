package io.chorus.api.chat21;

import io.chorus.api.mqtt.MqttApplication;
import io.chorus.core.MessageEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One MQTT connection's Chat21 identity, and the groups it is catching up on. A session starts following a group a
 * moment after its user joined it; the group's recent history and what was sent in that moment are read from the
 * store and handed over as a {@link Chat21Catchup}. Until it comes, live messages of the group are held back, so
 * that the session shows the group's messages once each and in order. Used on the connection's event loop only.
 */
final class Chat21Session implements MqttApplication.Principal {
    /** Live messages held per group while its catch-up is on its way (a few hundred milliseconds' worth). */
    private static final int MAX_HELD = 1_000;

    private final Chat21Caller caller;
    /** How the last message shown was addressed to this member; made by the first message. */
    private MessageView lastMessageView;
    /** Groups whose catch-up is on its way; made on the first join (most sessions never join one while connected). */
    private Map<String, CatchingUp> catchingUp;

    /**
     * A message's topic and member tail as this session shows it: the same for every message of one conversation
     * ({@code with}) in one status, so a busy group's deliveries reuse them instead of building both per message.
     */
    record MessageView(String with, int status, String topic, byte[] tail) {
        boolean fits(String with, int status) { return this.status == status && this.with.equals(with); }
    }

    /** Live messages held back, by offset, and where the catch-up starts. */
    private record CatchingUp(long from, TreeMap<Long, MessageEvent> held) {}

    Chat21Session(Chat21Caller caller) { this.caller = caller; }

    Chat21Caller caller() { return caller; }

    @Override
    public String userId() { return caller.userId(); }

    /** The view of the last message shown, or null before the first. */
    MessageView lastMessageView() { return lastMessageView; }

    void lastMessageView(MessageView view) { lastMessageView = view; }

    /** The session follows a group from now; its catch-up will cover the offsets after {@code from}. */
    void joined(String channelId, long from) {
        if (catchingUp == null) catchingUp = new HashMap<>();
        catchingUp.putIfAbsent(channelId, new CatchingUp(from, new TreeMap<>()));
    }

    /** A live message: true to show it now, false when it is held for the catch-up (or already covered by it). */
    boolean live(MessageEvent e) {
        CatchingUp c = catchingUp == null ? null : catchingUp.get(e.message().channelId());
        if (c == null) return true;
        if (c.held().size() >= MAX_HELD) return true; // a flood: showing it out of order beats holding without bound
        if (e.message().offset() > c.from()) c.held().put(e.message().offset(), e);
        return false;
    }

    /**
     * The messages to show once the catch-up came: those read and those held, each once, by offset. Nothing if this
     * session was not catching up on the channel (it followed the group from its start).
     */
    List<MessageEvent> caughtUp(String channelId, List<MessageEvent> read) {
        CatchingUp c = catchingUp == null ? null : catchingUp.remove(channelId);
        if (c == null) return List.of();
        TreeMap<Long, MessageEvent> all = new TreeMap<>(c.held());
        for (MessageEvent e : read) if (e.message().offset() > c.from()) all.putIfAbsent(e.message().offset(), e);
        return new ArrayList<>(all.values());
    }
}
