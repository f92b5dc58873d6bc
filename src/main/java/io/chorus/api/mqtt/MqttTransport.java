package io.chorus.api.mqtt;

import io.netty.buffer.ByteBuf;

/**
 * How one connection's MQTT byte stream comes in and goes out: the only thing TCP and WebSocket connections differ
 * in. Every method is called on the connection's event loop.
 */
interface MqttTransport {

    /** What the transport tells its connection. */
    interface Listener {
        /** Bytes arrived (ownership passes to the listener). */
        void received(ByteBuf bytes);

        /** The socket can take writes again after {@link #isWritable()} was false. */
        void writable();

        /** The network connection is gone, for whatever reason; called once. */
        void closed();
    }

    /** Starts reading; events go to the listener from now on. */
    void start(Listener listener);

    /** Installs Netty's MQTT codec in the connection's pipeline, behind this transport's handler; writes go through it. */
    MqttCodec installCodec(int maxPacketBytes);

    /** False while the socket's outbound buffer is over its high-water mark. */
    boolean isWritable();

    /** Stops reading from the peer (the connection has enough packets waiting). */
    void pause();

    void resume();

    /** Closes the network connection after what was flushed (at once if the peer does not read it). */
    void close();
}
