package io.chorus.fanout;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One facade's rendering of published events. A {@link Publication} renders itself at most once per format, however
 * many sessions receive it ("encode once per wire format per publish").
 *
 * @param <T> the encoded frame type (for example a shared Netty buffer)
 */
public abstract class WireFormat<T> {
    static final int MAX_FORMATS = 16;
    private static final AtomicInteger NEXT_SLOT = new AtomicInteger();
    private static final Map<Class<?>, Integer> SLOTS = new ConcurrentHashMap<>();

    final int slot;

    /** One cache slot per kind of format: every instance of a class renders the same bytes. */
    protected WireFormat() {
        slot = SLOTS.computeIfAbsent(getClass(), c -> NEXT_SLOT.getAndIncrement());
        if (slot >= MAX_FORMATS) throw new IllegalStateException("too many kinds of wire format");
    }

    /** Renders an event, or returns null when this format has nothing to say about it. Must be thread-safe. */
    protected abstract T encode(Object event);
}
