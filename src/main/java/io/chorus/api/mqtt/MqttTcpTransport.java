package io.chorus.api.mqtt;

import io.chorus.transport.Writability;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.TimeUnit;

/** MQTT straight over a TCP socket: the socket's bytes are the packet stream. Packets are written to Netty directly. */
final class MqttTcpTransport implements MqttTransport {
    private final NetSocketInternal socket;
    private final ChannelHandlerContext ctx;
    private boolean dirty;
    private boolean closing;

    MqttTcpTransport(NetSocket socket) {
        this.socket = (NetSocketInternal) socket;
        this.ctx = this.socket.channelHandlerContext();
    }

    @Override
    public void start(Listener listener) {
        Writability.watch(ctx, listener::writable);
        socket.exceptionHandler(t -> { }); // the close handler follows; the connection decides what a close means
        socket.closeHandler(v -> listener.closed());
        socket.handler(buffer -> listener.received(((BufferInternal) buffer).getByteBuf()));
    }

    @Override
    public void write(ByteBuf packet) {
        ctx.write(packet, ctx.voidPromise());
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
    public void pause() { socket.pause(); }

    @Override
    public void resume() { socket.resume(); }

    @Override
    public void close() {
        if (closing) return;
        closing = true;
        dirty = false;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        // A peer that stopped reading never takes the last bytes: do not wait for it.
        ctx.executor().schedule(() -> { ctx.channel().close(); }, 1, TimeUnit.SECONDS);
    }
}
