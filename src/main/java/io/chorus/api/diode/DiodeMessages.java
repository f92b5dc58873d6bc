package io.chorus.api.diode;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.chorus.core.Message;
import io.chorus.core.MessageEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messages in Diode's shape: {@code {attributes:{mentions, reply, t}, creation_time, edited_at, group_id, message,
 * reply_to, sender:{address, domain, nickname}}} plus Chorus's {@code zone_id}, {@code message_id} and
 * {@code offset}. Times are Unix seconds; a reply embeds its parent and points at it by the parent's time.
 * Written once, as a stream: a push goes straight into its frame's buffer (no tree, no byte array in between); the
 * tree a {@code get_messages} result needs is read back from the same stream.
 */
public final class DiodeMessages {
    private static final Set<String> FIXED_ATTRIBUTES = Set.of("mentions", "reply", "t");

    private final ObjectMapper json;

    public DiodeMessages(ObjectMapper json) { this.json = json; }

    /** {@code {"messages":[...]}}, the result of {@code get_messages}, as a tree. */
    public ObjectNode messages(List<MessageEvent> events) {
        try (TokenBuffer tokens = new TokenBuffer(json, false)) {
            writeMessages(tokens, events);
            return json.readTree(tokens.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A push frame: {@code {"jsonrpc":"2.0","result":{"messages":[...]}}} (no id, as Diode v3.4 sends it). */
    public void writePush(JsonGenerator g, List<MessageEvent> events) throws IOException {
        g.writeStartObject();
        g.writeStringField("jsonrpc", "2.0");
        g.writeFieldName("result");
        writeMessages(g, events);
        g.writeEndObject();
    }

    private void writeMessages(JsonGenerator g, List<MessageEvent> events) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("messages");
        for (MessageEvent e : events) writeMessage(g, e);
        g.writeEndArray();
        g.writeEndObject();
    }

    private void writeMessage(JsonGenerator g, MessageEvent e) throws IOException {
        Message m = e.message();
        g.writeStartObject();
        g.writeFieldName("attributes");
        writeAttributes(g, m, e.parent());
        g.writeNumberField("creation_time", m.createdAt() / 1000);
        g.writeFieldName("edited_at");
        if (m.editedAt() == null) g.writeNull();
        else g.writeNumber(m.editedAt() / 1000);
        g.writeStringField("group_id", m.channelId());
        g.writeStringField("message", m.text());
        g.writeFieldName("reply_to");
        if (e.parent() == null) g.writeNull();
        else writeMessage(g, e.parent());
        g.writeObjectFieldStart("sender");
        g.writeStringField("address", e.sender().address());
        g.writeStringField("domain", e.sender().username());
        g.writeStringField("nickname", e.sender().displayName());
        g.writeEndObject();
        g.writeStringField("zone_id", m.zoneId());
        g.writeStringField("message_id", m.id());
        if (e.ephemeral()) g.writeBooleanField("ephemeral", true);
        else g.writeNumberField("offset", m.offset());
        g.writeEndObject();
    }

    /**
     * {@code mentions}, {@code reply} and {@code t} first (null unless stored), then any other stored attribute in
     * its stored order; a reply's {@code reply} is its parent's time whatever was stored.
     */
    private void writeAttributes(JsonGenerator g, Message m, MessageEvent parent) throws IOException {
        ObjectNode stored = stored(m);
        g.writeStartObject();
        writeOrNull(g, "mentions", stored == null ? null : stored.get("mentions"));
        g.writeFieldName("reply");
        if (parent != null) g.writeNumber(parent.message().createdAt() / 1000);
        else writeOrNull(g, stored == null ? null : stored.get("reply"));
        writeOrNull(g, "t", stored == null ? null : stored.get("t"));
        if (stored != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = stored.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (FIXED_ATTRIBUTES.contains(f.getKey())) continue;
                g.writeFieldName(f.getKey());
                json.writeTree(g, f.getValue());
            }
        }
        g.writeEndObject();
    }

    private void writeOrNull(JsonGenerator g, String name, JsonNode value) throws IOException {
        g.writeFieldName(name);
        writeOrNull(g, value);
    }

    private void writeOrNull(JsonGenerator g, JsonNode value) throws IOException {
        if (value == null) g.writeNull();
        else json.writeTree(g, value);
    }

    private ObjectNode stored(Message m) {
        if (m.attributes() == null) return null;
        try {
            return json.readTree(m.attributes()) instanceof ObjectNode o ? o : null;
        } catch (IOException ignored) {
            return null; // validated as a JSON object on the way in; nothing to show otherwise
        }
    }
}
