package io.chorus.api.socketio;

import java.util.List;
import java.util.Set;

/**
 * A Socket.IO packet on its way to the sockets of some rooms, on this node and (through the broker) the others: the
 * packet text is encoded once by the sender; each node appends its recovery offset once, when it renders it.
 *
 * @param packet      the encoded Socket.IO packet (an EVENT, so its text ends with the JSON array's "]")
 * @param except      socket ids that must not receive it (the sender of {@code socket.to(room).emit})
 * @param recoverable whether the namespace keeps it for connection state recovery
 */
public record Broadcast(String nsp, String packet, List<byte[]> attachments, Set<String> except, boolean recoverable) {
    public Broadcast {
        attachments = List.copyOf(attachments);
        except = Set.copyOf(except);
    }
}
