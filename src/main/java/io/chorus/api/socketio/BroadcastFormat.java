package io.chorus.api.socketio;

import io.chorus.api.socketio.engine.OutboundMessage;
import io.chorus.fanout.WireFormat;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders a {@link Broadcast} once per node for every recipient. A recoverable one gets this node's next offset as
 * its last argument (as the Node.js server does), which the client sends back when it reconnects.
 */
final class BroadcastFormat extends WireFormat<BroadcastFormat.Rendered> {
    /** What sessions send; {@code offset} is -1 when the packet is not kept for recovery. */
    record Rendered(OutboundMessage message, long offset) {}

    private final AtomicLong offsets = new AtomicLong();

    @Override
    protected Rendered encode(Object event) {
        if (!(event instanceof Broadcast b)) return null;
        if (!b.recoverable()) return new Rendered(new OutboundMessage(b.packet(), b.attachments()), -1);
        long offset = offsets.incrementAndGet();
        String p = b.packet();
        String text = p.substring(0, p.length() - 1) + ",\"" + Offsets.format(offset) + "\"]";
        return new Rendered(new OutboundMessage(text, b.attachments()), offset);
    }
}
