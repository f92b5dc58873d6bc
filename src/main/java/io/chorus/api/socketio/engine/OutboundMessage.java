package io.chorus.api.socketio.engine;

import io.chorus.transport.WebSocketOutbox;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One Engine.IO message (text plus binary attachments, as a Socket.IO packet needs) prepared once and sent to any
 * number of sessions: WebSocket sessions share the ready-made frames, polling sessions take the packets.
 */
public final class OutboundMessage {
    private final String text;
    private final List<byte[]> attachments;
    private volatile ByteBuf textFrame;
    private volatile ByteBuf[] binaryFramesV4;
    private volatile ByteBuf[] binaryFramesV3;

    public OutboundMessage(String text, List<byte[]> attachments) {
        this.text = text;
        this.attachments = List.copyOf(attachments);
    }

    /** The Socket.IO text, without the Engine.IO type. */
    public String text() { return text; }

    public List<byte[]> attachments() { return attachments; }

    /** Approximate bytes, for queue accounting. */
    public int size() {
        int n = text.length();
        for (byte[] a : attachments) n += a.length;
        return n;
    }

    ByteBuf textFrame() {
        ByteBuf f = textFrame;
        if (f == null) {
            f = WebSocketOutbox.shared(("4" + text).getBytes(StandardCharsets.UTF_8), false);
            textFrame = f;
        }
        return f;
    }

    /** Protocol 4 sends attachments raw; protocol 3 prefixes the message type byte. */
    ByteBuf[] binaryFrames(int protocol) {
        ByteBuf[] f = protocol == 3 ? binaryFramesV3 : binaryFramesV4;
        if (f == null) {
            f = new ByteBuf[attachments.size()];
            for (int i = 0; i < f.length; i++) {
                byte[] a = attachments.get(i);
                byte[] payload = a;
                if (protocol == 3) {
                    payload = new byte[a.length + 1];
                    payload[0] = (byte) EngineIoPacket.Type.MESSAGE.ordinal();
                    System.arraycopy(a, 0, payload, 1, a.length);
                }
                f[i] = WebSocketOutbox.shared(payload, true);
            }
            if (protocol == 3) binaryFramesV3 = f;
            else binaryFramesV4 = f;
        }
        return f;
    }
}
