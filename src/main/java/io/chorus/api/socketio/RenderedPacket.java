package io.chorus.api.socketio;

import io.chorus.api.socketio.engine.OutboundMessage;

/**
 * A packet rendered once per node for every socket that receives it; {@code offset} is its recovery offset (the
 * last argument of the event), or -1 when the namespace does not keep packets for recovery.
 */
public record RenderedPacket(OutboundMessage message, long offset) {}
