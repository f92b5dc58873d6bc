package io.chorus.api.socketio.engine;

import java.util.Arrays;

/**
 * One Engine.IO packet: a type and either text or (for binary messages) bytes.
 *
 * @param text   the data after the type character, "" when there is none; null for a binary packet
 * @param binary the bytes of a binary message, else null
 */
public record EngineIoPacket(Type type, String text, byte[] binary) {
    public enum Type {
        OPEN, CLOSE, PING, PONG, MESSAGE, UPGRADE, NOOP;

        public char code() { return (char) ('0' + ordinal()); }

        static Type of(char c) {
            int i = c - '0';
            return i >= 0 && i < values().length ? values()[i] : null;
        }
    }

    public static final EngineIoPacket PING = of(Type.PING);
    public static final EngineIoPacket PONG = of(Type.PONG);
    public static final EngineIoPacket NOOP = of(Type.NOOP);
    public static final EngineIoPacket CLOSE = of(Type.CLOSE);

    public static EngineIoPacket of(Type type) { return new EngineIoPacket(type, "", null); }

    public static EngineIoPacket text(Type type, String text) { return new EngineIoPacket(type, text, null); }

    public static EngineIoPacket message(String text) { return new EngineIoPacket(Type.MESSAGE, text, null); }

    public static EngineIoPacket binary(byte[] bytes) { return new EngineIoPacket(Type.MESSAGE, null, bytes); }

    public boolean isBinary() { return binary != null; }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineIoPacket p && p.type == type && java.util.Objects.equals(p.text, text)
                && Arrays.equals(p.binary, binary);
    }

    @Override
    public int hashCode() { return type.hashCode() * 31 + (text != null ? text.hashCode() : Arrays.hashCode(binary)); }

    @Override
    public String toString() { return isBinary() ? "binary[" + binary.length + "]" : type.code() + text; }
}
