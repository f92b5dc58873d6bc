package io.chorus.api.mqtt;

import io.chorus.fanout.Shard;
import io.chorus.transport.WebSocketConnection;
import io.chorus.transport.WebSocketEndpoint;
import io.vertx.core.net.NetSocket;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The MQTT protocol layer (3.1, 3.1.1, 5): takes TCP sockets and WebSocket connections and runs one
 * {@link MqttConnection} for each, serving the {@link MqttApplication}. Blocking application calls run on
 * {@code blocking}; their results come back to the connection's event loop.
 * <p>
 * WebSocket clients ask for the subprotocol "mqtt" (MQTT 3.1 clients "mqttv3.1"), and most refuse a handshake that
 * does not echo it: the HTTP server must offer them, {@code HttpServerOptions.setWebSocketSubProtocols(List.of("mqtt",
 * "mqttv3.1"))}, and its maximum WebSocket frame size should exceed {@link MqttOptions#maxPacketBytes()} so that
 * oversized packets get MQTT's answer rather than a WebSocket close.
 */
public final class MqttServer {
    /** The fan-out session api name of MQTT connections. */
    public static final String API = "mqtt";

    private final MqttApplication application;
    private final Executor blocking;
    private final MqttOptions options;
    /** Connected clients by user and client id, for takeover (MQTT-3.1.4-2). */
    private final Map<String, MqttConnection> clients = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public MqttServer(MqttApplication application, Executor blocking, MqttOptions options) {
        this.application = application;
        this.blocking = blocking;
        this.options = options;
    }

    /** A new TCP connection, on the event loop that owns {@code shard}. */
    public void acceptTcp(NetSocket socket, Shard shard) {
        new MqttConnection(this, shard, new MqttTcpTransport(socket)).start();
    }

    /** The WebSocket endpoint to mount at /mqtt and /ws. */
    public WebSocketEndpoint webSocketEndpoint() {
        // mqtt.js asks for "mqtt"; older clients for "mqttv3.1". Frames are handed over as they come (a byte stream).
        return new WebSocketEndpoint(upgrade -> 0, 0, "mqtt,mqttv3.1", (ws, upgrade, shard) -> acceptWebSocket(ws, shard));
    }

    private void acceptWebSocket(WebSocketConnection ws, Shard shard) {
        new MqttConnection(this, shard, new MqttWebSocketTransport(ws)).start();
    }

    MqttApplication application() { return application; }

    Executor blocking() { return blocking; }

    MqttOptions options() { return options; }

    /** An id for a client that sent none (MQTT 5 tells it back as the Assigned Client Identifier). */
    String newClientId() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return "chorus-" + HexFormat.of().formatHex(b);
    }

    /**
     * Records the connection as the live one for this user's client id, and returns the one it replaces. Client ids
     * are scoped by user so that nobody can disconnect another user's client by reusing its id.
     */
    MqttConnection claimClientId(String userId, String clientId, MqttConnection connection) {
        MqttConnection previous = clients.put(key(userId, clientId), connection);
        return previous == connection ? null : previous;
    }

    void releaseClientId(String userId, String clientId, MqttConnection connection) {
        clients.remove(key(userId, clientId), connection);
    }

    private static String key(String userId, String clientId) { return userId + '\n' + clientId; }
}
