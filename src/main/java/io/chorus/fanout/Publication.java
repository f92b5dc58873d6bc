package io.chorus.fanout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An event on its way to subscribers. It goes to every session subscribed to any of its {@code topics} (a session
 * subscribed to several of them receives it once), limited to {@code audience} user ids when that is not null.
 */
public final class Publication {
    private static final Object NOTHING = new Object();

    private final List<String> topics;
    private final Set<String> audience;
    private final Object event;
    private final AtomicReferenceArray<Object> frames = new AtomicReferenceArray<>(WireFormat.MAX_FORMATS);

    public Publication(List<String> topics, Set<String> audience, Object event) {
        this.topics = List.copyOf(topics);
        this.audience = audience == null ? null : Set.copyOf(audience);
        this.event = event;
    }

    public List<String> topics() { return topics; }

    public Object event() { return event; }

    public boolean isFor(String userId) { return audience == null || (userId != null && audience.contains(userId)); }

    /** The event in this format, encoded on first use and shared afterwards (null if the format skips it). */
    @SuppressWarnings("unchecked")
    public <T> T frame(WireFormat<T> format) {
        Object f = frames.get(format.slot);
        if (f == null) {
            // Loops that meet here wait for one encoding (about a microsecond) rather than each doing it.
            synchronized (this) {
                f = frames.get(format.slot);
                if (f == null) {
                    Object encoded = format.encode(event);
                    f = encoded == null ? NOTHING : encoded;
                    frames.set(format.slot, f);
                }
            }
        }
        return f == NOTHING ? null : (T) f;
    }
}
