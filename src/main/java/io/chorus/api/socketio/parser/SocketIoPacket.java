package io.chorus.api.socketio.parser;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Socket.IO packet. {@code data} holds binary attachments in place (as binary nodes); the codec swaps them for
 * placeholders on the wire.
 *
 * @param nsp   the namespace, "/" by default
 * @param ackId the acknowledgement id, or -1 when there is none
 * @param data  the payload, or null when the packet has none
 */
public record SocketIoPacket(Type type, String nsp, long ackId, JsonNode data) {
    public enum Type {
        CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK;

        static Type of(char c) {
            int i = c - '0';
            return i >= 0 && i < values().length ? values()[i] : null;
        }
    }

    public static final long NO_ACK = -1;

    public SocketIoPacket {
        if (nsp == null || nsp.isEmpty()) nsp = "/";
    }

    public static SocketIoPacket of(Type type, String nsp, JsonNode data) { return new SocketIoPacket(type, nsp, NO_ACK, data); }

    public boolean hasAck() { return ackId >= 0; }
}
