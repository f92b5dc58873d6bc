package io.chorus.api.mqtt;

import io.chorus.transport.Writability;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.http.WebSocketInternal;

import java.util.concurrent.TimeUnit;

/**
 * MQTT over WebSocket (MQTT 3.1.1 §6, MQTT 5 §6): binary frames carry the packet stream, with no alignment between
 * frames and packets. Each outgoing packet is one binary frame, written through the pipeline's frame encoder.
 */
final class MqttWebSocketTransport implements MqttTransport {
    private final ServerWebSocket ws;
    private final ChannelHandlerContext ctx;
    private boolean dirty;
    private boolean closing;

    MqttWebSocketTransport(ServerWebSocket ws) {
        this.ws = ws;
        this.ctx = ((WebSocketInternal) ws).channelHandlerContext();
    }

    @Override
    public void start(Listener listener) {
        Writability.watch(ctx, listener::writable);
        ws.exceptionHandler(t -> { });
        ws.closeHandler(v -> listener.closed());
        ws.frameHandler(frame -> {
            // A text frame is not MQTT: the spec says close the connection.
            if (frame.isText()) close();
            else if (frame.isBinary() || frame.isContinuation()) listener.received(((BufferInternal) frame.binaryData()).getByteBuf());
        });
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
    public boolean isWritable() { return ctx.channel().isWritable(); }

    @Override
    public void pause() { ws.pause(); }

    @Override
    public void resume() { ws.resume(); }

    @Override
    public void close() {
        if (closing) return;
        closing = true;
        flush();
        ws.close((short) 1000);
        // A peer that stopped reading never answers the close frame: do not wait for it.
        ctx.executor().schedule(() -> { ctx.channel().close(); }, 1, TimeUnit.SECONDS);
    }
}
