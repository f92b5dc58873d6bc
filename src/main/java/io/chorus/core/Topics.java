package io.chorus.core;

/** Fan-out topic names: one per channel, one per zone (for zone-wide subscriptions) and one per user. */
public final class Topics {
    private Topics() {}

    public static String channel(String channelId) { return "c:" + channelId; }

    public static String zone(String zoneId) { return "z:" + zoneId; }

    /**
     * Every message of a user's direct channels: sessions that follow all of a user's conversations (MQTT) listen
     * here rather than to each direct channel, so the first message of a new conversation cannot outrun the
     * session's learning of the channel.
     */
    public static String directInbox(String userId) { return "d:" + userId; }

    /** Events for one user wherever they are connected (a new channel they are in, say). */
    public static String user(String userId) { return "u:" + userId; }
}
