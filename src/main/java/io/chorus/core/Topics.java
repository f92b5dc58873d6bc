package io.chorus.core;

/** Fan-out topic names: one per channel, one per zone (for zone-wide subscriptions) and one per user. */
public final class Topics {
    private Topics() {}

    public static String channel(String channelId) { return "c:" + channelId; }

    public static String zone(String zoneId) { return "z:" + zoneId; }

    /** Events for one user wherever they are connected (a new channel they are in, say). */
    public static String user(String userId) { return "u:" + userId; }
}
