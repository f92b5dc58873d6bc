package io.chorus.api.socketio.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO packets and polling payloads as pure functions, for protocol 4 ({@code \x1e}-separated, binary as
 * {@code b<base64>}) and protocol 3 (length-prefixed {@code <len>:<packet>}, binary as {@code b4<base64>}, or the
 * XHR2 binary framing when the client accepts binary).
 */
public final class EngineIoCodec {
    public static final char SEPARATOR = '\u001e';

    private EngineIoCodec() {}

    /** A text packet as it travels alone (in a WebSocket text frame): the type digit, then the data. */
    public static String encode(EngineIoPacket p) {
        if (p.isBinary()) throw new IllegalArgumentException("binary packets are not text");
        return p.type().code() + p.text();
    }

    /** A text packet; throws for an empty string or an unknown type. */
    public static EngineIoPacket decode(String s) {
        if (s.isEmpty()) throw new EngineIoFormatException("empty packet");
        EngineIoPacket.Type type = EngineIoPacket.Type.of(s.charAt(0));
        if (type == null || type == EngineIoPacket.Type.OPEN) throw new EngineIoFormatException("unknown packet type");
        return EngineIoPacket.text(type, s.substring(1));
    }

    // ---- protocol 4

    public static String encodePayload(List<EngineIoPacket> packets) {
        StringBuilder sb = new StringBuilder();
        for (EngineIoPacket p : packets) {
            if (!sb.isEmpty()) sb.append(SEPARATOR);
            if (p.isBinary()) sb.append('b').append(Base64.getEncoder().encodeToString(p.binary()));
            else sb.append(p.type().code()).append(p.text());
        }
        return sb.toString();
    }

    public static List<EngineIoPacket> decodePayload(String payload) {
        List<EngineIoPacket> packets = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = payload.indexOf(SEPARATOR, start);
            String part = end < 0 ? payload.substring(start) : payload.substring(start, end);
            if (!part.isEmpty() && part.charAt(0) == 'b') packets.add(EngineIoPacket.binary(base64(part, 1)));
            else packets.add(decode(part));
            if (end < 0) return packets;
            start = end + 1;
        }
    }

    // ---- protocol 3

    /** The text form: every packet as {@code <length in UTF-16 units>:<packet>}. */
    public static String encodePayloadV3(List<EngineIoPacket> packets) {
        StringBuilder sb = new StringBuilder();
        for (EngineIoPacket p : packets) {
            String s = p.isBinary() ? "b4" + Base64.getEncoder().encodeToString(p.binary()) : encode(p);
            sb.append(s.length()).append(':').append(s);
        }
        return sb.toString();
    }

    public static List<EngineIoPacket> decodePayloadV3(String payload) {
        List<EngineIoPacket> packets = new ArrayList<>();
        int i = 0;
        while (i < payload.length()) {
            int colon = payload.indexOf(':', i);
            if (colon <= i) throw new EngineIoFormatException("bad payload length");
            int length;
            try {
                length = Integer.parseInt(payload, i, colon, 10);
            } catch (NumberFormatException e) {
                throw new EngineIoFormatException("bad payload length");
            }
            int end = colon + 1 + length;
            if (length <= 0 || end > payload.length()) throw new EngineIoFormatException("bad payload length");
            String part = payload.substring(colon + 1, end);
            if (part.charAt(0) == 'b') {
                if (part.length() < 2 || part.charAt(1) != EngineIoPacket.Type.MESSAGE.code()) {
                    throw new EngineIoFormatException("bad binary packet");
                }
                packets.add(EngineIoPacket.binary(base64(part, 2)));
            } else {
                packets.add(decode(part));
            }
            i = end;
        }
        if (packets.isEmpty()) throw new EngineIoFormatException("empty payload");
        return packets;
    }

    /**
     * The XHR2 binary framing of protocol 3: per packet a kind byte (0 text, 1 binary), the length as one byte per
     * decimal digit, 255, then the UTF-8 text or the type byte and the bytes.
     */
    public static byte[] encodePayloadV3Binary(List<EngineIoPacket> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (EngineIoPacket p : packets) {
            byte[] body;
            if (p.isBinary()) {
                body = new byte[p.binary().length + 1];
                body[0] = (byte) EngineIoPacket.Type.MESSAGE.ordinal();
                System.arraycopy(p.binary(), 0, body, 1, p.binary().length);
            } else {
                body = encode(p).getBytes(StandardCharsets.UTF_8);
            }
            out.write(p.isBinary() ? 1 : 0);
            for (char digit : Integer.toString(body.length).toCharArray()) out.write(digit - '0');
            out.write(255);
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    public static List<EngineIoPacket> decodePayloadV3Binary(byte[] data) {
        List<EngineIoPacket> packets = new ArrayList<>();
        int i = 0;
        while (i < data.length) {
            boolean binary = data[i] == 1;
            if (data[i] != 0 && data[i] != 1) throw new EngineIoFormatException("bad binary payload");
            int length = 0;
            i++;
            while (i < data.length && (data[i] & 0xff) != 255) {
                if (data[i] < 0 || data[i] > 9 || length > 100_000_000) throw new EngineIoFormatException("bad binary payload");
                length = length * 10 + data[i++];
            }
            i++;
            if (length == 0 || i + length > data.length) throw new EngineIoFormatException("bad binary payload");
            if (binary) {
                if (data[i] != EngineIoPacket.Type.MESSAGE.ordinal()) throw new EngineIoFormatException("bad binary packet");
                byte[] bytes = new byte[length - 1];
                System.arraycopy(data, i + 1, bytes, 0, length - 1);
                packets.add(EngineIoPacket.binary(bytes));
            } else {
                packets.add(decode(new String(data, i, length, StandardCharsets.UTF_8)));
            }
            i += length;
        }
        if (packets.isEmpty()) throw new EngineIoFormatException("empty payload");
        return packets;
    }

    /**
     * Strict base64 except for line breaks and spaces: the Java client (io.socket) encodes the Android way, a newline
     * after every 76 characters and at the end ("bCQgH\n"), and Node's decoder, which the reference server uses,
     * skips them.
     */
    private static byte[] base64(String s, int from) {
        String data = s.substring(from);
        if (data.chars().anyMatch(Character::isWhitespace)) data = data.replaceAll("\\s+", "");
        try {
            return Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new EngineIoFormatException("bad base64");
        }
    }
}
