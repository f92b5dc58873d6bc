package io.chorus.fanout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The sessions of one event loop and what they subscribe to. Its maps are touched only on its loop; publications
 * arrive through a lock-free queue and are drained in batches, so several messages share one flush per session.
 */
public final class Shard {
    private static final int MAX_PUBLICATIONS_PER_DRAIN = 256;

    private final Hub hub;
    private final int index;
    private volatile Executor loop = Runnable::run;
    private final Map<String, Set<Session>> subscribers = new HashMap<>();
    private final Set<Session> sessions = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ConcurrentLinkedQueue<Publication> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final List<Session> touched = new ArrayList<>();

    Shard(Hub hub, int index) {
        this.hub = hub;
        this.index = index;
    }

    /** Binds the shard to the event loop that owns its sessions (until then it runs tasks inline). */
    public void bind(Executor loop) { this.loop = loop; }

    public int index() { return index; }

    public Executor loop() { return loop; }

    public Hub hub() { return hub; }

    void register(Session s) {
        sessions.add(s);
        hub.sessionOpened(s);
    }

    void unregister(Session s) {
        if (!sessions.remove(s)) return;
        for (String topic : List.copyOf(s.topics)) unsubscribe(s, topic);
        hub.sessionClosed(s);
    }

    boolean subscribe(Session s, String topic) {
        if (!s.topics.add(topic)) return false;
        Set<Session> set = subscribers.get(topic);
        if (set == null) {
            // Sized for one: most topics are one user's or one device's, and the default table (64 slots, 272 bytes)
            // was a tenth of an idle connection's heap. Channels with many subscribers grow it as they fill.
            set = Collections.newSetFromMap(new IdentityHashMap<>(1));
            subscribers.put(topic, set);
            hub.interest(topic, index, true);
        }
        set.add(s);
        return true;
    }

    boolean unsubscribe(Session s, String topic) {
        if (!s.topics.remove(topic)) return false;
        Set<Session> set = subscribers.get(topic);
        if (set != null && set.remove(s) && set.isEmpty()) {
            subscribers.remove(topic);
            hub.interest(topic, index, false);
        }
        return true;
    }

    /** Any thread. */
    void enqueue(Publication p) {
        inbox.add(p);
        if (drainScheduled.compareAndSet(false, true)) loop.execute(this::drain);
    }

    /** Any thread: several publications, drained together. */
    void enqueueAll(List<Publication> ps) {
        inbox.addAll(ps);
        if (drainScheduled.compareAndSet(false, true)) loop.execute(this::drain);
    }

    private void drain() {
        drainScheduled.set(false);
        long deliveries = 0;
        Publication p;
        int n = 0;
        while (n < MAX_PUBLICATIONS_PER_DRAIN && (p = inbox.poll()) != null) {
            deliveries += route(p);
            n++;
        }
        for (Session s : touched) {
            s.touched = false;
            s.flush();
        }
        touched.clear();
        hub.delivered(deliveries);
        // Leave the loop to other work between big batches; come back for the rest.
        if (!inbox.isEmpty() && drainScheduled.compareAndSet(false, true)) loop.execute(this::drain);
    }

    private long route(Publication p) {
        long count = 0;
        List<String> topics = p.topics();
        for (int t = p.firstTopic(); t < topics.size(); t++) {
            Set<Session> set = subscribers.get(topics.get(t));
            if (set == null) continue;
            for (Session s : set) {
                if (!p.isFor(s.userId()) || seenEarlier(s, topics, t)) continue;
                s.deliver(p);
                count++;
                if (!s.touched) {
                    s.touched = true;
                    touched.add(s);
                }
            }
        }
        return count;
    }

    private boolean seenEarlier(Session s, List<String> topics, int upTo) {
        for (int i = 0; i < upTo; i++) if (s.topics.contains(topics.get(i))) return true;
        return false;
    }

    /** On the loop: closes the sessions that match. */
    void closeMatching(Predicate<Session> which, CloseReason reason) {
        for (Session s : List.copyOf(sessions)) if (which.test(s)) s.close(reason);
    }

    /** On the loop: runs the sessions' heartbeat. */
    public void heartbeat(long nowMillis) {
        for (Session s : List.copyOf(sessions)) s.heartbeat(nowMillis);
    }

    /** On the loop: the user's sessions on this shard. */
    public List<Session> sessionsOf(String userId) {
        List<Session> out = new ArrayList<>();
        for (Session s : sessions) if (userId.equals(s.userId())) out.add(s);
        return out;
    }
}
