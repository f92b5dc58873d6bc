package io.chorus.api.diode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.Message;
import io.chorus.core.MessageEvent;

import java.util.List;

/**
 * Messages in Diode's shape: {@code {attributes:{mentions, reply, t}, creation_time, edited_at, group_id, message,
 * reply_to, sender:{address, domain, nickname}}} plus Chorus's {@code zone_id}, {@code message_id} and
 * {@code offset}. Times are Unix seconds; a reply embeds its parent and points at it by the parent's time.
 */
public final class DiodeMessages {
    private final ObjectMapper json;

    public DiodeMessages(ObjectMapper json) { this.json = json; }

    public ObjectNode message(MessageEvent e) {
        Message m = e.message();
        ObjectNode out = json.createObjectNode();
        out.set("attributes", attributes(m, e.parent()));
        out.put("creation_time", m.createdAt() / 1000);
        if (m.editedAt() == null) out.putNull("edited_at");
        else out.put("edited_at", m.editedAt() / 1000);
        out.put("group_id", m.channelId());
        out.put("message", m.text());
        if (e.parent() == null) out.putNull("reply_to");
        else out.set("reply_to", message(e.parent()));
        ObjectNode sender = out.putObject("sender");
        sender.put("address", e.sender().address());
        sender.put("domain", e.sender().username());
        sender.put("nickname", e.sender().displayName());
        out.put("zone_id", m.zoneId());
        out.put("message_id", m.id());
        if (e.ephemeral()) out.put("ephemeral", true);
        else out.put("offset", m.offset());
        return out;
    }

    private ObjectNode attributes(Message m, MessageEvent parent) {
        ObjectNode attrs = json.createObjectNode();
        attrs.putNull("mentions");
        attrs.putNull("reply");
        attrs.putNull("t");
        if (m.attributes() != null) {
            try {
                JsonNode stored = json.readTree(m.attributes());
                if (stored instanceof ObjectNode o) attrs.setAll(o);
            } catch (Exception ignored) {
                // Stored attributes were validated as a JSON object on the way in; nothing to show otherwise.
            }
        }
        if (parent != null) attrs.put("reply", parent.message().createdAt() / 1000);
        return attrs;
    }

    /** {@code {"messages":[...]}}, the result of pushes and of {@code get_messages}. */
    public ObjectNode messages(List<MessageEvent> events) {
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("messages");
        for (MessageEvent e : events) list.add(message(e));
        return result;
    }

    /** A push frame: {@code {"jsonrpc":"2.0","result":{"messages":[...]}}} (no id, as Diode v3.4 sends it). */
    public ObjectNode push(List<MessageEvent> events) {
        ObjectNode frame = json.createObjectNode();
        frame.put("jsonrpc", "2.0");
        frame.set("result", messages(events));
        return frame;
    }
}
