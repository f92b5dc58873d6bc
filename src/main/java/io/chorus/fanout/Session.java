package io.chorus.fanout;

import java.util.HashSet;
import java.util.Set;

/**
 * A live connection of one user through one facade, owned by one {@link Shard} (event loop). Every method here
 * is called on that loop only, so sessions need no locks.
 */
public abstract class Session {
    private final Shard shard;
    private final String api;
    private String userId;
    private String credential;
    /** Sized for the usual few topics (a user's own, a device's, a channel or two) rather than 16 slots. */
    final Set<String> topics = new HashSet<>(4);
    boolean touched;
    private boolean registered;

    protected Session(Shard shard, String api) {
        this.shard = shard;
        this.api = api;
    }

    public final Shard shard() { return shard; }

    public final String api() { return api; }

    public final String userId() { return userId; }

    /** The token that opened this session, so that revoking it can close the session. */
    public final String credential() { return credential; }

    /** Registers the new connection with its shard; call once, on the loop, when the connection opens. */
    public final void opened() {
        if (!registered) {
            registered = true;
            shard.register(this);
        }
    }

    /**
     * Binds the session to its user once authenticated; returns how many sessions that user now has on this node
     * (so a facade can enforce a per-user connection limit).
     */
    public final int authenticated(String userId, String credential) {
        if (this.userId != null) shard.hub().userSessionRemoved(this.userId);
        this.userId = userId;
        this.credential = credential;
        return shard.hub().userSessionAdded(userId);
    }

    public final boolean subscribe(String topic) { return shard.subscribe(this, topic); }

    public final boolean unsubscribe(String topic) { return shard.unsubscribe(this, topic); }

    public final boolean isSubscribed(String topic) { return topics.contains(topic); }

    public final int subscriptionCount() { return topics.size(); }

    /** Must be called when the connection ends, whatever the cause. */
    public final void ended() {
        if (userId != null) {
            shard.hub().userSessionRemoved(userId);
            userId = null;
        }
        if (registered) {
            registered = false;
            shard.unregister(this);
        }
    }

    /** Takes one publication (not yet flushed). Must not block; a full queue means {@link CloseReason#SLOW_CONSUMER}. */
    protected abstract void deliver(Publication publication);

    /** Flushes what {@link #deliver} queued; called once per delivery batch. */
    protected abstract void flush();

    /** Closes the connection for the given reason. */
    public abstract void close(CloseReason reason);

    /** Called periodically on the loop: send keep-alives, drop dead peers. */
    protected void heartbeat(long nowMillis) {}
}
