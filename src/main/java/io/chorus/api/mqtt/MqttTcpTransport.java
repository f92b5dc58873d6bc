package io.chorus.api.mqtt;

import io.chorus.transport.TcpConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.TimeUnit;

/** MQTT straight over a TCP socket: the socket's bytes are the packet stream. Packets are written to Netty directly. */
final class MqttTcpTransport implements MqttTransport {
    private final TcpConnection tcp;
    private boolean dirty;
    private boolean closing;

    MqttTcpTransport(NetSocket socket) {
        this.tcp = TcpConnection.takeOver(socket);
    }

    @Override
    public void start(Listener listener) {
        tcp.start(listener::received, listener::writable, listener::closed);
    }

    @Override
    public void write(ByteBuf packet) {
        tcp.context().write(packet, tcp.context().voidPromise());
        dirty = true;
    }

    @Override
    public void flush() {
        if (dirty) {
            dirty = false;
            tcp.context().flush();
        }
    }

    @Override
    public boolean isWritable() { return tcp.context().channel().isWritable(); }

    @Override
    public void pause() { tcp.pause(); }

    @Override
    public void resume() { tcp.resume(); }

    @Override
    public void close() {
        if (closing) return;
        closing = true;
        dirty = false;
        tcp.context().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        // A peer that stopped reading never takes the last bytes: do not wait for it.
        tcp.context().executor().schedule(() -> { tcp.context().channel().close(); }, 1, TimeUnit.SECONDS);
    }
}
