package io.chorus.api.diode;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.core.MessageEvent;
import io.chorus.fanout.WireFormat;
import io.chorus.transport.WebSocketOutbox;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Diode push frames, encoded once per message and shared by every Diode subscriber. */
public final class DiodeFormat extends WireFormat<ByteBuf> {
    private final ObjectMapper json;
    private final DiodeMessages messages;

    public DiodeFormat(ObjectMapper json, DiodeMessages messages) {
        this.json = json;
        this.messages = messages;
    }

    @Override
    protected ByteBuf encode(Object event) {
        if (!(event instanceof MessageEvent e)) return null;
        return frame(List.of(e));
    }

    /** One push frame for {@code events}, written by a JSON generator (see {@link WebSocketOutbox#sharedText}). */
    public ByteBuf frame(List<MessageEvent> events) {
        try {
            return WebSocketOutbox.sharedText(out -> {
                try (JsonGenerator g = json.createGenerator(out)) {
                    messages.writePush(g, events);
                }
            });
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot encode a push", ex);
        }
    }
}
