package io.chorus.api.socketio.parser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Socket.IO packet encoding, {@code <type>[<attachments>-][<nsp>,][<ackId>][<JSON>]}, as pure functions. Binary
 * values inside the data travel as {@code {"_placeholder":true,"num":n}} followed by one binary Engine.IO message per
 * attachment; {@link Decoder} puts them back.
 */
public final class SocketIoCodec {
    private static final String PLACEHOLDER = "_placeholder";
    /** More attachments than any real packet carries would let one client pin memory while they arrive. */
    static final int MAX_ATTACHMENTS = 1000;
    private final ObjectMapper json;

    public SocketIoCodec(ObjectMapper json) {
        this.json = json.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public ObjectMapper json() { return json; }

    /** A packet on the wire: the text, then its binary attachments in order. */
    public record Encoded(String text, List<byte[]> attachments) {}

    public Encoded encode(SocketIoPacket p) {
        List<byte[]> attachments = new ArrayList<>();
        JsonNode data = p.data() != null && hasBinary(p.data()) ? deconstruct(p.data(), attachments) : p.data();
        SocketIoPacket.Type type = p.type();
        if (!attachments.isEmpty()) {
            if (type == SocketIoPacket.Type.EVENT) type = SocketIoPacket.Type.BINARY_EVENT;
            else if (type == SocketIoPacket.Type.ACK) type = SocketIoPacket.Type.BINARY_ACK;
        }
        StringBuilder sb = new StringBuilder().append((char) ('0' + type.ordinal()));
        if (type == SocketIoPacket.Type.BINARY_EVENT || type == SocketIoPacket.Type.BINARY_ACK) {
            sb.append(attachments.size()).append('-');
        }
        if (!p.nsp().equals("/")) sb.append(p.nsp()).append(',');
        if (p.hasAck()) sb.append(p.ackId());
        if (data != null) sb.append(data);
        return new Encoded(sb.toString(), attachments);
    }

    /** Decodes the text part; the result says how many binary attachments must follow. */
    public Header decodeHeader(String s) {
        if (s.isEmpty()) throw new SocketIoFormatException("empty packet");
        SocketIoPacket.Type type = SocketIoPacket.Type.of(s.charAt(0));
        if (type == null) throw new SocketIoFormatException("unknown packet type");
        int i = 1;
        int attachments = 0;
        if (type == SocketIoPacket.Type.BINARY_EVENT || type == SocketIoPacket.Type.BINARY_ACK) {
            int dash = s.indexOf('-', i);
            if (dash <= i || dash - i > 5) throw new SocketIoFormatException("illegal attachments");
            for (int k = i; k < dash; k++) {
                if (!Character.isDigit(s.charAt(k))) throw new SocketIoFormatException("illegal attachments");
            }
            attachments = Integer.parseInt(s, i, dash, 10);
            if (attachments > MAX_ATTACHMENTS) throw new SocketIoFormatException("too many attachments");
            i = dash + 1;
        }
        String nsp = "/";
        if (i < s.length() && s.charAt(i) == '/') {
            int comma = s.indexOf(',', i);
            int end = comma < 0 ? s.length() : comma;
            nsp = s.substring(i, end);
            i = comma < 0 ? s.length() : comma + 1;
        }
        long ackId = SocketIoPacket.NO_ACK;
        int digits = i;
        while (digits < s.length() && Character.isDigit(s.charAt(digits)) && digits - i < 16) digits++;
        if (digits > i) {
            ackId = Long.parseLong(s, i, digits, 10);
            i = digits;
        }
        JsonNode data = null;
        if (i < s.length()) {
            try {
                data = json.readTree(s.substring(i));
            } catch (JsonProcessingException e) {
                throw new SocketIoFormatException("invalid payload");
            }
        }
        if (!validPayload(type, data)) throw new SocketIoFormatException("invalid payload");
        return new Header(new SocketIoPacket(type, nsp, ackId, data), attachments);
    }

    /** A decoded packet text and how many binary attachments complete it. */
    public record Header(SocketIoPacket packet, int attachments) {}

    private static boolean validPayload(SocketIoPacket.Type type, JsonNode data) {
        return switch (type) {
            case CONNECT -> data == null || data.isObject();
            case DISCONNECT -> data == null;
            case CONNECT_ERROR -> data != null && (data.isObject() || data.isTextual());
            case EVENT, BINARY_EVENT -> data != null && data.isArray() && !data.isEmpty()
                    && (data.get(0).isTextual() || data.get(0).isNumber());
            case ACK, BINARY_ACK -> data != null && data.isArray();
        };
    }

    // ---- binary placeholders

    public static boolean hasBinary(JsonNode node) {
        if (node.isBinary()) return true;
        if (node.isContainerNode()) {
            for (JsonNode child : node) if (hasBinary(child)) return true;
        }
        return false;
    }

    private static JsonNode deconstruct(JsonNode node, List<byte[]> out) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof BinaryNode b) {
            ObjectNode placeholder = f.objectNode().put(PLACEHOLDER, true).put("num", out.size());
            out.add(b.binaryValue());
            return placeholder;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode copy = f.arrayNode(a.size());
            for (JsonNode child : a) copy.add(deconstruct(child, out));
            return copy;
        }
        if (node instanceof ObjectNode o) {
            ObjectNode copy = f.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(e.getKey(), deconstruct(e.getValue(), out));
            }
            return copy;
        }
        return node;
    }

    /** Replaces placeholders with the attachments, in place; a placeholder pointing nowhere is a format error. */
    static JsonNode reconstruct(JsonNode node, List<byte[]> attachments) {
        if (node instanceof ObjectNode o) {
            if (o.size() == 2 && o.path(PLACEHOLDER).asBoolean(false) && o.path("num").isInt()) {
                int num = o.get("num").intValue();
                if (num < 0 || num >= attachments.size()) throw new SocketIoFormatException("illegal attachments");
                return BinaryNode.valueOf(attachments.get(num));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(reconstruct(e.getValue(), attachments));
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) a.set(i, reconstruct(a.get(i), attachments));
        }
        return node;
    }

    /**
     * Reassembles packets from a connection's Engine.IO messages: a binary packet's header, then its attachments.
     * One per connection; not thread-safe.
     */
    public static final class Decoder {
        private final SocketIoCodec codec;
        private SocketIoPacket pending;
        private int expected;
        private final List<byte[]> received = new ArrayList<>();

        public Decoder(SocketIoCodec codec) { this.codec = codec; }

        /** Returns the packet when complete, or null while attachments are still expected. */
        public SocketIoPacket text(String s) {
            if (pending != null) throw new SocketIoFormatException("got text while reconstructing a binary packet");
            Header h = codec.decodeHeader(s);
            if (h.attachments() == 0) return h.packet();
            pending = h.packet();
            expected = h.attachments();
            return null;
        }

        public SocketIoPacket binary(byte[] bytes) {
            if (pending == null) throw new SocketIoFormatException("got binary data when not reconstructing a packet");
            received.add(bytes);
            if (received.size() < expected) return null;
            SocketIoPacket p = pending;
            JsonNode data = reconstruct(p.data(), received);
            pending = null;
            received.clear();
            return new SocketIoPacket(p.type(), p.nsp(), p.ackId(), data);
        }
    }
}
