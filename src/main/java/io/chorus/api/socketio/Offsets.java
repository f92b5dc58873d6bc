package io.chorus.api.socketio;

/** Recovery offsets on the wire: base-36 strings of this node's broadcast counter. */
final class Offsets {
    private Offsets() {}

    static String format(long offset) { return Long.toString(offset, 36); }

    /** The offset, or -1 when the client sent something that is not one of ours. */
    static long parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 13) return -1;
        try {
            return Long.parseLong(s, 36);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
