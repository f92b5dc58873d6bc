package io.chorus.api.mqtt;

import io.chorus.transport.WebSocketConnection;

/**
 * MQTT over WebSocket (MQTT 3.1.1 §6, MQTT 5 §6): binary frames carry the packet stream, with no alignment between
 * frames and packets (the endpoint hands over every frame as it comes). Each outgoing packet is one binary frame
 * (see {@link MqttCodec}).
 */
final class MqttWebSocketTransport implements MqttTransport {
    private final WebSocketConnection ws;
    private boolean closing;

    MqttWebSocketTransport(WebSocketConnection ws) {
        this.ws = ws;
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
    public MqttCodec installCodec(int maxPacketBytes) { return MqttCodec.install(ws.context(), true, maxPacketBytes); }

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
        ws.close();
    }
}
