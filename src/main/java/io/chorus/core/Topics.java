package io.chorus.core;

/** Fan-out topic names: one per channel and one per zone (for zone-wide subscriptions). */
public final class Topics {
    private Topics() {}

    public static String channel(String channelId) { return "c:" + channelId; }

    public static String zone(String zoneId) { return "z:" + zoneId; }
}
