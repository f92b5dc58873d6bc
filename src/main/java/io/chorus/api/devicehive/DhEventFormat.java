package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.core.device.DeviceEvent;
import io.chorus.fanout.WireFormat;

/**
 * A command or notification rendered once per node for every subscriber (the JSON object; each push wraps it with
 * its own subscription id, so the frame itself cannot be shared).
 */
final class DhEventFormat extends WireFormat<String> {
    static final DhEventFormat INSTANCE = new DhEventFormat();

    private final DhJson json = new DhJson(new ObjectMapper());

    private DhEventFormat() {}

    @Override
    protected String encode(Object event) {
        return event instanceof DeviceEvent e ? json.event(e).toString() : null;
    }
}
