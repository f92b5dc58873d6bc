package io.chorus.api.socketio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.chorus.api.socketio.engine.OutboundMessage;
import io.chorus.api.socketio.parser.SocketIoCodec;
import io.chorus.api.socketio.parser.SocketIoPacket;
import io.chorus.fanout.WireFormat;

/**
 * Renders events that the rest of Chorus publishes (a chat message, a deletion) as EVENT packets of one namespace,
 * once per node for every socket that receives them. A socket receives such a publication when one of its topics
 * is the topic of one of the socket's rooms (see {@link Namespace#roomTopics}).
 */
public abstract class EventFormat extends WireFormat<RenderedPacket> {
    private final Namespace namespace;

    protected EventFormat(Namespace namespace) { this.namespace = namespace; }

    /** The event's name followed by its arguments ({@code ["message", {...}]}), or null if this namespace skips it. */
    protected abstract ArrayNode eventArray(Object event);

    @Override
    protected final RenderedPacket encode(Object event) {
        ArrayNode array = eventArray(event);
        if (array == null) return null;
        long offset = -1;
        if (namespace.recovery()) {
            offset = namespace.server().nextOffset();
            array.add(Offsets.format(offset));
        }
        SocketIoCodec.Encoded e = namespace.server().codec()
                .encode(SocketIoPacket.of(SocketIoPacket.Type.EVENT, namespace.name(), array));
        return new RenderedPacket(new OutboundMessage(e.text(), e.attachments()), offset);
    }
}
