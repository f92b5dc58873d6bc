package io.chorus.api.chat21;

/**
 * The MQTT topics Chat21 clients publish to, parsed. Topic levels are separated by '/' (RabbitMQ's MQTT plugin
 * maps them to the reference's dotted AMQP routing keys).
 */
sealed interface Chat21Topic {
    /** {@code apps/<app>/outgoing/users/<me>/messages/<to>/outgoing}: send a message. */
    record Outgoing(String app, String user, String to) implements Chat21Topic {}

    /** {@code apps/<app>/users/<me>/messages/<with>/<message>/update}: a message's status (200 = received). */
    record MessageUpdate(String app, String user, String with, String messageId) implements Chat21Topic {}

    /** {@code apps/<app>/users/<me>/conversations/<with>/update}: fields of a conversation (is_new, ...). */
    record ConversationUpdate(String app, String user, String with) implements Chat21Topic {}

    /** {@code apps/<app>/users/<me>/conversations/<with>/archive}. */
    record Archive(String app, String user, String with) implements Chat21Topic {}

    /** {@code apps/<app>/users/<me>/presence/<client>}: connected or (as the will) disconnected. */
    record Presence(String app, String user, String clientId) implements Chat21Topic {}

    /** Anything else in the user's own subtree: only passed on to the user's sessions. */
    record Other(String app, String user) implements Chat21Topic {}

    /** A topic of nobody's subtree. */
    record Foreign() implements Chat21Topic {}

    static String userRoot(String app, String user) { return "apps/" + app + "/users/" + user; }

    static Chat21Topic parse(String topic) {
        String[] t = topic.split("/", -1);
        if (t.length < 4 || !t[0].equals("apps")) return new Foreign();
        if (t.length == 8 && t[2].equals("outgoing") && t[3].equals("users") && t[5].equals("messages") && t[7].equals("outgoing")) {
            return new Outgoing(t[1], t[4], t[6]);
        }
        if (!t[2].equals("users")) return new Foreign();
        String app = t[1], user = t[3];
        if (t.length == 8 && t[4].equals("messages") && t[7].equals("update")) return new MessageUpdate(app, user, t[5], t[6]);
        if (t.length == 7 && t[4].equals("conversations") && t[6].equals("update")) return new ConversationUpdate(app, user, t[5]);
        if (t.length == 7 && t[4].equals("conversations") && t[6].equals("archive")) return new Archive(app, user, t[5]);
        if (t.length == 6 && t[4].equals("presence")) return new Presence(app, user, t[5]);
        return new Other(app, user);
    }
}
