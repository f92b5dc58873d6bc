package io.chorus.api.mqtt;

import io.chorus.transport.TcpConnection;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.TimeUnit;

/** MQTT straight over a TCP socket: the socket's bytes are the packet stream. */
final class MqttTcpTransport implements MqttTransport {
    private final TcpConnection tcp;
    private boolean closing;

    MqttTcpTransport(NetSocket socket) {
        this.tcp = TcpConnection.takeOver(socket);
    }

    @Override
    public void start(Listener listener) {
        tcp.start(listener::received, listener::writable, listener::closed);
    }

    @Override
    public MqttCodec installCodec(int maxPacketBytes) { return MqttCodec.install(tcp.context(), false, maxPacketBytes); }

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
        tcp.context().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        // A peer that stopped reading never takes the last bytes: do not wait for it.
        tcp.context().executor().schedule(() -> { tcp.context().channel().close(); }, 1, TimeUnit.SECONDS);
    }
}
