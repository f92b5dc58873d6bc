package io.chorus.api.devicehive;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What this node holds live for the DeviceHive API: WebSocket sessions and their subscriptions. The reference's
 * {@code server/cacheInfo} reports its cache's statistics; Chorus has no message cache (commands and notifications
 * are stored), so it reports these counts and the store instead.
 */
final class DhNodeStats {
    private final String store;
    private final int retentionDays;
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger commandSubscriptions = new AtomicInteger();
    private final AtomicInteger notificationSubscriptions = new AtomicInteger();

    /** @param store the store's kind (sqlite or postgres) */
    DhNodeStats(String store, int retentionDays) {
        this.store = store;
        this.retentionDays = retentionDays;
    }

    void sessionOpened() { sessions.incrementAndGet(); }

    void sessionClosed() { sessions.decrementAndGet(); }

    void subscriptions(boolean commands, int delta) {
        (commands ? commandSubscriptions : notificationSubscriptions).addAndGet(delta);
    }

    /** The {@code cacheStats} text: one line a person can read. */
    String describe() {
        return "store=" + store + ", retention=" + (retentionDays == 0 ? "forever" : retentionDays + " days")
                + ", webSocketSessions=" + sessions.get() + ", commandSubscriptions=" + commandSubscriptions.get()
                + ", notificationSubscriptions=" + notificationSubscriptions.get() + " (this node)";
    }
}
