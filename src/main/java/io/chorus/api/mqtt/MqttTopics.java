package io.chorus.api.mqtt;

/**
 * Topic names and filters (MQTT 3.1.1 §4.7, MQTT 5 §4.7): what is well formed, and which topics a filter matches.
 * Pure functions; matching walks both strings level by level without splitting them.
 */
public final class MqttTopics {
    private MqttTopics() {}

    /** A topic a client may publish to: not empty, no wildcards, no NUL. */
    static boolean isValidTopicName(String topic) {
        if (topic == null || topic.isEmpty()) return false;
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#' || c == '\0') return false;
        }
        return true;
    }

    /** A filter whose wildcards each fill a whole level, with {@code #} only last. */
    static boolean isValidFilter(String filter) {
        if (filter == null || filter.isEmpty()) return false;
        int last = filter.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = filter.charAt(i);
            boolean levelStart = i == 0 || filter.charAt(i - 1) == '/';
            boolean levelEnd = i == last || filter.charAt(i + 1) == '/';
            if (c == '\0') return false;
            if (c == '#' && !(levelStart && i == last)) return false;
            if (c == '+' && !(levelStart && levelEnd)) return false;
        }
        return true;
    }

    static boolean hasWildcard(String filter) {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }

    /** A shared subscription ({@code $share/group/filter}, MQTT 5), which this server does not offer. */
    static boolean isShared(String filter) {
        return filter.startsWith("$share/");
    }

    /** Whether a valid filter matches a topic name; wildcards in the first level never match {@code $} topics. */
    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) return false;
        int f = 0;
        int t = 0;
        while (true) {
            if (filter.startsWith("#", f)) return true;
            int fEnd = levelEnd(filter, f);
            int tEnd = levelEnd(topic, t);
            boolean any = fEnd - f == 1 && filter.charAt(f) == '+';
            if (!any && (fEnd - f != tEnd - t || !filter.regionMatches(f, topic, t, fEnd - f))) return false;
            boolean filterDone = fEnd == filter.length();
            boolean topicDone = tEnd == topic.length();
            if (filterDone) return topicDone;
            // "a/#" also matches "a": the topic ended where the filter only has a trailing multi-level wildcard left.
            if (topicDone) return filter.length() - fEnd == 2 && filter.charAt(fEnd + 1) == '#';
            f = fEnd + 1;
            t = tEnd + 1;
        }
    }

    private static int levelEnd(String s, int from) {
        int slash = s.indexOf('/', from);
        return slash < 0 ? s.length() : slash;
    }
}
