package io.chorus.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Topic → subscribers, sharded by event loop. Publishing hands each interested shard the publication once; the
 * shard renders it once per wire format and writes it to its sessions. The hub only tracks which shards care
 * about which topic, so a publish costs nothing on shards without subscribers.
 */
public final class Hub {
    /** Told when this node gains its first or loses its last subscriber to a topic (for the broker). */
    public interface InterestListener {
        void interestChanged(String topic, boolean interested);
    }

    private final List<Shard> shards = new ArrayList<>();
    private final Map<String, AtomicIntegerArray> interest = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sessionsByApi = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> sessionsByUser = new ConcurrentHashMap<>();
    private final LongAdder deliveries = new LongAdder();
    private volatile InterestListener interestListener = (t, i) -> {};

    /** @param shardCount one shard per event loop; each is bound to its loop when that loop starts */
    public Hub(int shardCount) {
        for (int i = 0; i < shardCount; i++) shards.add(new Shard(this, i));
    }

    public Shard shard(int index) { return shards.get(index); }

    public int shardCount() { return shards.size(); }

    public void setInterestListener(InterestListener listener) { this.interestListener = listener; }

    /** Any thread: delivers to every local subscriber of the publication's topics. */
    public void publish(Publication p) {
        List<String> topics = p.topics();
        if (topics.size() - p.firstTopic() == 1) {
            AtomicIntegerArray counts = interest.get(topics.get(p.firstTopic()));
            if (counts == null) return;
            for (int i = 0; i < counts.length(); i++) if (counts.get(i) > 0) shards.get(i).enqueue(p);
            return;
        }
        boolean[] wanted = new boolean[shards.size()];
        for (int t = p.firstTopic(); t < topics.size(); t++) {
            AtomicIntegerArray counts = interest.get(topics.get(t));
            if (counts == null) continue;
            for (int i = 0; i < counts.length(); i++) if (counts.get(i) > 0) wanted[i] = true;
        }
        for (int i = 0; i < wanted.length; i++) if (wanted[i]) shards.get(i).enqueue(p);
    }

    /**
     * Any thread: publishes several publications (a committed batch) so that each shard receives them as one task,
     * and each session gets one flush for all of them (fewer syscalls under load).
     */
    public void publishAll(List<Publication> batch) {
        if (batch.size() == 1) {
            publish(batch.get(0));
            return;
        }
        List<List<Publication>> perShard = new ArrayList<>(shards.size());
        for (int i = 0; i < shards.size(); i++) perShard.add(null);
        for (Publication p : batch) {
            for (int t = p.firstTopic(); t < p.topics().size(); t++) {
                AtomicIntegerArray counts = interest.get(p.topics().get(t));
                if (counts == null) continue;
                for (int i = 0; i < counts.length(); i++) {
                    if (counts.get(i) == 0) continue;
                    List<Publication> list = perShard.get(i);
                    if (list == null) perShard.set(i, list = new ArrayList<>());
                    if (list.isEmpty() || list.get(list.size() - 1) != p) list.add(p);
                }
            }
        }
        for (int i = 0; i < shards.size(); i++) if (perShard.get(i) != null) shards.get(i).enqueueAll(perShard.get(i));
    }

    /** True if some local session subscribes to the topic. */
    public boolean hasSubscribers(String topic) {
        AtomicIntegerArray counts = interest.get(topic);
        if (counts == null) return false;
        for (int i = 0; i < counts.length(); i++) if (counts.get(i) > 0) return true;
        return false;
    }

    /** Any thread: closes every session that matches, each on its own loop. */
    public void closeSessions(Predicate<Session> which, CloseReason reason) {
        for (Shard s : shards) s.loop().execute(() -> s.closeMatching(which, reason));
    }

    /** Any thread: runs an action on every shard's loop (for example to notify a user's sessions). */
    public void onEveryShard(java.util.function.Consumer<Shard> action) {
        for (Shard s : shards) s.loop().execute(() -> action.accept(s));
    }

    public long sessions(String api) {
        AtomicLong n = sessionsByApi.get(api);
        return n == null ? 0 : n.get();
    }

    public Map<String, AtomicLong> sessionsByApi() { return sessionsByApi; }

    public long deliveries() { return deliveries.sum(); }

    void interest(String topic, int shardIndex, boolean added) {
        // A shard changes only its own slot, so compute() keeps first/last detection exact across shards.
        boolean[] changed = new boolean[1];
        interest.compute(topic, (k, counts) -> {
            if (counts == null) counts = new AtomicIntegerArray(shards.size());
            int before = total(counts);
            counts.addAndGet(shardIndex, added ? 1 : -1);
            int after = total(counts);
            changed[0] = (before == 0) != (after == 0);
            return after == 0 ? null : counts;
        });
        if (changed[0]) interestListener.interestChanged(topic, added);
    }

    private static int total(AtomicIntegerArray counts) {
        int sum = 0;
        for (int i = 0; i < counts.length(); i++) sum += counts.get(i);
        return sum;
    }

    void sessionOpened(Session s) { sessionsByApi.computeIfAbsent(s.api(), k -> new AtomicLong()).incrementAndGet(); }

    void sessionClosed(Session s) { sessionsByApi.computeIfAbsent(s.api(), k -> new AtomicLong()).decrementAndGet(); }

    /** Counts an authenticated session of a user; returns how many that user now has on this node. */
    int userSessionAdded(String userId) {
        return sessionsByUser.computeIfAbsent(userId, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
    }

    void userSessionRemoved(String userId) {
        sessionsByUser.computeIfPresent(userId, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    void delivered(long n) { if (n > 0) deliveries.add(n); }
}
