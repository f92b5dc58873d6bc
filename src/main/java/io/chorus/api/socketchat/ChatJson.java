package io.chorus.api.socketchat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.Message;
import io.chorus.core.MessageEvent;
import io.chorus.core.User;

/** The chat API's JSON shapes. Every id is a string. */
final class ChatJson {
    /** Shown for users who have not chosen an avatar (served from the jar, so it works offline). */
    static final String DEFAULT_AVATAR = "/chat/avatar.svg";

    private final ObjectMapper json;

    ChatJson(ObjectMapper json) { this.json = json; }

    ObjectMapper mapper() { return json; }

    ObjectNode object() { return json.createObjectNode(); }

    /** {@code {avatarURL, id, username}}; the chat username is the user's display name. */
    ObjectNode user(User u) {
        return object().put("avatarURL", u.avatarUrl() == null || u.avatarUrl().isEmpty() ? DEFAULT_AVATAR : u.avatarUrl())
                .put("id", u.id()).put("username", u.displayName());
    }

    /** {@code {author, channel_id, content, id}}; a channel's welcome notice always has the id "0". */
    ObjectNode message(MessageEvent e) {
        Message m = e.message();
        ObjectNode o = object();
        o.set("author", user(e.sender()));
        return o.put("channel_id", m.channelId()).put("content", m.text()).put("id", messageId(m));
    }

    static String messageId(Message m) { return WelcomeBot.TYPE.equals(m.type()) ? "0" : m.id(); }
}
