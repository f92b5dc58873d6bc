package io.chorus.api.mqtt;

import io.chorus.transport.WebSocketConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;

/**
 * MQTT over WebSocket (MQTT 3.1.1 §6, MQTT 5 §6): binary frames carry the packet stream, with no alignment between
 * frames and packets (the endpoint hands over every frame as it comes). Each outgoing packet is one binary frame,
 * written through the pipeline's frame encoder.
 */
final class MqttWebSocketTransport implements MqttTransport {
    private final WebSocketConnection ws;
    private final ChannelHandlerContext ctx;
    private boolean dirty;
    private boolean closing;

    MqttWebSocketTransport(WebSocketConnection ws) {
        this.ws = ws;
        this.ctx = ws.context();
    }

    @Override
    public void start(Listener listener) {
        ws.writableHandler(listener::writable);
        ws.closeHandler(listener::closed);
        // A text frame is not MQTT: the spec says close the connection.
        ws.textHandler(t -> close());
        ws.binaryHandler(listener::received);
    }

    @Override
    public void write(ByteBuf packet) {
        ctx.write(new BinaryWebSocketFrame(packet), ctx.voidPromise());
        dirty = true;
    }

    @Override
    public void flush() {
        if (dirty) {
            dirty = false;
            ctx.flush();
        }
    }

    @Override
    public boolean isWritable() { return ws.isWritable(); }

    @Override
    public void pause() { ws.pause(); }

    @Override
    public void resume() { ws.resume(); }

    @Override
    public void close() {
        if (closing) return;
        closing = true;
        flush();
        ws.close();
    }
}
