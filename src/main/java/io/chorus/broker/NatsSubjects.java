package io.chorus.broker;

import java.nio.charset.StandardCharsets;

/**
 * NATS subject names. A topic becomes one subject token: letters, digits, '_', '-' and ':' stay as they are,
 * every other byte (the '.' separator and the '*' and '>' wildcards among them) becomes %XX.
 */
final class NatsSubjects {
    private NatsSubjects() {}

    static String topic(String prefix, String topic) { return prefix + ".t." + escape(topic); }

    static String control(String prefix) { return prefix + ".control"; }

    static String escape(String topic) {
        StringBuilder out = new StringBuilder(topic.length() + 8);
        for (byte b : topic.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                    || c == ':') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /** A cluster name is used as the subject prefix, so it must be one or more plain tokens. */
    static boolean validPrefix(String prefix) {
        return prefix != null && prefix.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    }
}
