package io.chorus.broker;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.fanout.Publication;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publications on the wire between nodes: one JSON object per publication ({@code topics}, {@code audience},
 * {@code seqKey}/{@code seq}, {@code kind}, {@code event}), encoded once however many subjects carry it, and a batch as a JSON array of them.
 * Event classes are registered by kind so that the receiving node rebuilds the same objects the sender had.
 */
public final class PublicationCodec {
    /** A publication as read from another node, before it is bound to the subject it arrived on. */
    public record Received(List<String> topics, Set<String> audience, Object event, String sequenceKey, long sequence) {
        public Publication through(String topic) {
            return new Publication(topics, audience, event, Math.max(0, topics.indexOf(topic)), sequenceKey, sequence);
        }
    }

    private final ObjectMapper json;
    private final Map<Class<?>, String> kinds = new HashMap<>();
    private final Map<String, Class<?>> classes;

    public PublicationCodec(ObjectMapper json, Map<String, Class<?>> eventKinds) {
        this.json = json;
        this.classes = Map.copyOf(eventKinds);
        eventKinds.forEach((kind, cls) -> kinds.put(cls, kind));
    }

    /** Whether this codec can carry the publication's event to other nodes. */
    public boolean carries(Publication p) { return kinds.containsKey(p.event().getClass()); }

    public byte[] encode(Publication p) {
        String kind = kinds.get(p.event().getClass());
        if (kind == null) throw new IllegalArgumentException("no wire kind for " + p.event().getClass().getName());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("topics");
            for (String t : p.topics()) g.writeString(t);
            g.writeEndArray();
            if (p.audience() != null) {
                g.writeArrayFieldStart("audience");
                for (String a : p.audience()) g.writeString(a);
                g.writeEndArray();
            }
            if (p.sequenceKey() != null) {
                g.writeStringField("seqKey", p.sequenceKey());
                g.writeNumberField("seq", p.sequence());
            }
            g.writeStringField("kind", kind);
            g.writeFieldName("event");
            json.writeValue(g, p.event());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Joins encoded publications into one batch message. */
    public static byte[] batch(List<byte[]> encoded) {
        int size = 2 + Math.max(0, encoded.size() - 1);
        for (byte[] e : encoded) size += e.length;
        byte[] out = new byte[size];
        int at = 0;
        out[at++] = '[';
        for (int i = 0; i < encoded.size(); i++) {
            if (i > 0) out[at++] = ',';
            byte[] e = encoded.get(i);
            System.arraycopy(e, 0, out, at, e.length);
            at += e.length;
        }
        out[at] = ']';
        return out;
    }

    public List<Received> decode(byte[] batch) {
        List<Received> out = new ArrayList<>();
        try (JsonParser p = json.getFactory().createParser(batch)) {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) out.add(readOne(p));
        } catch (IOException e) {
            throw new UncheckedIOException("malformed publication batch", e);
        }
        return out;
    }

    private Received readOne(JsonParser p) throws IOException {
        List<String> topics = new ArrayList<>();
        Set<String> audience = null;
        Class<?> cls = null;
        Object event = null;
        String sequenceKey = null;
        long sequence = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "topics" -> {
                    expect(value, JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.VALUE_STRING) topics.add(p.getText());
                }
                case "audience" -> {
                    expect(value, JsonToken.START_ARRAY);
                    audience = new HashSet<>();
                    while (p.nextToken() == JsonToken.VALUE_STRING) audience.add(p.getText());
                }
                case "seqKey" -> sequenceKey = p.getText();
                case "seq" -> sequence = p.getLongValue();
                case "kind" -> {
                    cls = classes.get(p.getText());
                    if (cls == null) throw new IOException("unknown publication kind " + p.getText());
                }
                case "event" -> {
                    if (cls == null) throw new IOException("event before kind");
                    event = json.readValue(p, cls);
                }
                default -> p.skipChildren();
            }
        }
        if (topics.isEmpty() || event == null) throw new IOException("publication without topics or event");
        return new Received(topics, audience, event, sequenceKey, sequence);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) throw new IOException("expected " + expected + " but found " + actual);
    }
}
