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
    /** A push's bytes beyond its text (envelope, ids, sender, times): the frame's first buffer seldom grows. */
    private static final int PUSH_OVERHEAD = 400;

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

    /** One push frame for {@code events}, written by a JSON generator straight into the frame's buffer. */
    public ByteBuf frame(List<MessageEvent> events) {
        int sizeHint = 0;
        for (MessageEvent e : events) sizeHint += PUSH_OVERHEAD + e.message().text().length();
        try {
            return WebSocketOutbox.sharedText(sizeHint, out -> {
                try (JsonGenerator g = json.createGenerator(out)) {
                    messages.writePush(g, events);
                }
            });
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot encode a push", ex);
        }
    }
}
