package io.chorus.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A blocking MQTT client over a plain socket, for protocol violations no real client library would commit. */
public final class RawMqttClient implements AutoCloseable {
    private final Socket socket;
    private final EmbeddedChannel codec = new EmbeddedChannel(new MqttDecoder(), MqttEncoder.INSTANCE);
    private final byte[] buffer = new byte[8192];

    public RawMqttClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
    }

    public static MqttMessage connect(MqttVersion version, String clientId, int keepAliveSeconds) {
        return connect(version, clientId, keepAliveSeconds, "good", "secret");
    }

    public static MqttMessage connect(MqttVersion version, String clientId, int keepAliveSeconds, String user, String password) {
        return MqttMessageBuilders.connect().protocolVersion(version).clientId(clientId).cleanSession(true)
                .keepAlive(keepAliveSeconds).hasUser(true).username(user).hasPassword(true)
                .password(password.getBytes(StandardCharsets.UTF_8)).build();
    }

    public void send(MqttMessage packet) throws IOException {
        codec.writeOutbound(packet);
        ByteBuf b = codec.readOutbound();
        sendRaw(ByteBufUtil.getBytes(b));
        b.release();
    }

    /** A packet's bytes as MQTT 3.1.1 writes them (for a test that sends the same packet many times). */
    public static byte[] encode(MqttMessage packet) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(packet);
        ByteBuf b = encoder.readOutbound();
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
            encoder.finishAndReleaseAll();
        }
    }

    public void sendRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** The next packet from the server (fails on end of stream or after 5 s). */
    public MqttMessage next() throws IOException {
        while (true) {
            MqttMessage m = codec.readInbound();
            if (m != null) return m;
            int n = socket.getInputStream().read(buffer);
            if (n < 0) throw new IOException("closed by the server");
            codec.writeInbound(Unpooled.copiedBuffer(buffer, 0, n));
        }
    }

    /** True if the server closes the connection within {@code millis}, reading (and dropping) anything before. */
    public boolean closedWithin(long millis) throws IOException {
        socket.setSoTimeout((int) millis);
        try {
            while (socket.getInputStream().read(buffer) >= 0) {
                // packets before the close (such as an MQTT 5 DISCONNECT) are checked by next() where they matter
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        codec.finishAndReleaseAll();
    }
}
