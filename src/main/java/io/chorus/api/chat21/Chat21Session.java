package io.chorus.api.chat21;

import io.chorus.api.mqtt.MqttApplication;
import io.chorus.core.MessageEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One MQTT connection's Chat21 identity, and the groups it is catching up on. A session starts following a group a
 * moment after its user joined it; what was sent in that moment is read from history and handed over as a
 * {@link Chat21Catchup}. Until it comes, live messages of the group are noted by offset, so that nothing is shown
 * twice. Used on the connection's event loop only.
 */
final class Chat21Session implements MqttApplication.Principal {
    private final Chat21Caller caller;
    /** Group → the offset it was joined at and the live offsets delivered since, while its catch-up is pending. */
    private final Map<String, CatchingUp> catchingUp = new HashMap<>();

    private record CatchingUp(long joinedAt, Set<Long> deliveredLive) {}

    Chat21Session(Chat21Caller caller) { this.caller = caller; }

    Chat21Caller caller() { return caller; }

    @Override
    public String userId() { return caller.userId(); }

    void joined(String channelId, long offset) { catchingUp.putIfAbsent(channelId, new CatchingUp(offset, new HashSet<>())); }

    /** Notes a live message; false if the session must not show it. */
    boolean live(MessageEvent e) {
        CatchingUp c = catchingUp.get(e.message().channelId());
        if (c == null) return true;
        return e.message().offset() > c.joinedAt() && c.deliveredLive().add(e.message().offset());
    }

    /** The caught-up messages not yet shown (none if this session was not catching up on the channel). */
    List<MessageEvent> caughtUp(String channelId, List<MessageEvent> events) {
        CatchingUp c = catchingUp.remove(channelId);
        List<MessageEvent> out = new ArrayList<>();
        if (c == null) return out;
        for (MessageEvent e : events) {
            long o = e.message().offset();
            if (o > c.joinedAt() && !c.deliveredLive().contains(o)) out.add(e);
        }
        return out;
    }
}
