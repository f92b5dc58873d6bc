package io.chorus.core;

public enum ChannelKind {
    /** A named channel of a zone; open to every zone member unless it lists its own members. */
    GROUP,
    /** A conversation between exactly two users of a zone. */
    DIRECT;

    public String dbName() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static ChannelKind fromDb(String s) { return valueOf(s.toUpperCase(java.util.Locale.ROOT)); }
}
