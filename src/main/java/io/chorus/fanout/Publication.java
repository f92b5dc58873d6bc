package io.chorus.fanout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An event on its way to subscribers. It goes to every session subscribed to any of its {@code topics} (a session
 * subscribed to several of them receives it once), limited to {@code audience} user ids when that is not null.
 * <p>
 * A publication that arrived from another node through one topic's subject covers only the topics from
 * {@link #firstTopic()} on: sessions subscribed to an earlier topic get it through that topic's subject instead,
 * which is how a node subscribed to both a channel and its zone delivers each message once.
 */
public final class Publication {
    private static final Object NOTHING = new Object();

    private final List<String> topics;
    private final Set<String> audience;
    private final Object event;
    private final int firstTopic;
    private final String sequenceKey;
    private final long sequence;
    private final AtomicReferenceArray<Object> frames = new AtomicReferenceArray<>(WireFormat.MAX_FORMATS);

    public Publication(List<String> topics, Set<String> audience, Object event) {
        this(topics, audience, event, 0, null, 0);
    }

    /**
     * @param sequenceKey what orders this publication (a channel), or null; {@code sequence} is its position there,
     *                    so that a node receiving from several nodes can deliver in order
     */
    public Publication(List<String> topics, Set<String> audience, Object event, int firstTopic, String sequenceKey,
                       long sequence) {
        if (firstTopic < 0 || firstTopic >= topics.size()) throw new IllegalArgumentException("firstTopic out of range");
        this.topics = List.copyOf(topics);
        this.audience = audience == null ? null : Set.copyOf(audience);
        this.event = event;
        this.firstTopic = firstTopic;
        this.sequenceKey = sequenceKey;
        this.sequence = sequence;
    }

    public String sequenceKey() { return sequenceKey; }

    public long sequence() { return sequence; }

    public List<String> topics() { return topics; }

    /** Index of the first topic this publication is delivered through (0 unless it came from another node). */
    public int firstTopic() { return firstTopic; }

    /** The audience, or null for everyone subscribed. */
    public Set<String> audience() { return audience; }

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
