package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.core.device.DeviceEvent;
import io.chorus.fanout.WireFormat;
import io.chorus.transport.WebSocketOutbox;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A command or notification rendered once per node for every subscriber: the JSON object's bytes, which each push
 * frames between its own head and its subscription id (the only per-recipient bytes).
 */
final class DhEventFormat extends WireFormat<ByteBuf> {
    static final DhEventFormat INSTANCE = new DhEventFormat();

    private final DhJson json = new DhJson(new ObjectMapper());

    private DhEventFormat() {}

    @Override
    protected ByteBuf encode(Object event) {
        if (!(event instanceof DeviceEvent e)) return null;
        return WebSocketOutbox.sharedPayload(json.event(e).toString().getBytes(StandardCharsets.UTF_8));
    }
}
