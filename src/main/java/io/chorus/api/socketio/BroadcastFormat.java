package io.chorus.api.socketio;

import io.chorus.api.socketio.engine.OutboundMessage;
import io.chorus.fanout.WireFormat;

/**
 * Renders a {@link Broadcast} once per node for every recipient. A recoverable one gets this node's next offset as
 * its last argument (as the Node.js server does), which the client sends back when it reconnects.
 */
final class BroadcastFormat extends WireFormat<RenderedPacket> {
    private final SocketIoServer server;

    BroadcastFormat(SocketIoServer server) { this.server = server; }

    @Override
    protected RenderedPacket encode(Object event) {
        if (!(event instanceof Broadcast b)) return null;
        if (!b.recoverable()) return new RenderedPacket(new OutboundMessage(b.packet(), b.attachments()), -1);
        long offset = server.nextOffset();
        String p = b.packet();
        String text = p.substring(0, p.length() - 1) + ",\"" + Offsets.format(offset) + "\"]";
        return new RenderedPacket(new OutboundMessage(text, b.attachments()), offset);
    }
}
