package io.chorus.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.function.Consumer;

/**
 * A chat client speaking Engine.IO 4 / Socket.IO 5 over WebSocket, as the seed's chat API defines it: the namespace
 * "/" is joined with {@code {authorisation, channels}} in the CONNECT auth payload, {@code message} events carry
 * {@code {content, channel}} one way and {@code {author, channel_id, content, id}} the other. The same client
 * drives Chorus's chat API and the Node.js Socket.IO peer (bench/socketio-peer).
 */
final class SocketIoBenchClient implements BenchClient {
    private static final String MESSAGE_EVENT = "42[\"message\",";
    private static final String CONTENT_KEY = "\"content\":\"";

    private final WebSocketClient client;
    private final String host;
    private final int port;
    private final String token;
    private Consumer<Delivery> handler = d -> {};
    private WebSocket ws;
    private final ConnectionLoss loss = new ConnectionLoss();
    private Promise<Void> opened;
    private Promise<Void> joined;

    SocketIoBenchClient(WebSocketClient client, String host, int port, String token) {
        this.client = client;
        this.host = host;
        this.port = port;
        this.token = token;
    }

    @Override
    public Future<Void> connect() {
        opened = Promise.promise();
        return client.connect(new WebSocketConnectOptions().setHost(host).setPort(port)
                        .setURI("/socket.io/?EIO=4&transport=websocket").setTimeout(30_000))
                .compose(socket -> {
                    ws = socket;
                    ws.textMessageHandler(this::onText);
                    // A refused session (too many from one address, say) is closed before it opens.
                    ws.closeHandler(v -> {
                        opened.tryFail("closed by the server: " + ws.closeStatusCode() + " " + ws.closeReason());
                        if (joined != null) joined.tryFail("closed by the server before joining");
                        loss.ended(ConnectionLoss.reason(ws));
                    });
                    return opened.future();
                });
    }

    /**
     * A chat socket names its channels when it joins the namespace (leaving and joining again closes the connection
     * in Node's server), so the namespace is joined here, or without channels by the first publish.
     */
    @Override
    public Future<Void> subscribe(String channel) { return join(channel); }

    private Future<Void> join(String channel) {
        if (joined != null) return joined.future();
        joined = Promise.promise();
        ws.writeTextMessage("40{\"authorisation\":\"" + (token == null ? "" : token) + "\",\"channels\":["
                + (channel == null ? "" : "\"" + channel + "\"") + "]}");
        return joined.future();
    }

    @Override
    public void publish(String channel, String text) {
        if (joined == null) join(null);
        if (!joined.future().isComplete()) {
            // Until the server has accepted the socket, an event would be dropped: send it after.
            joined.future().onSuccess(v -> publish(channel, text));
            return;
        }
        ws.writeTextMessage("42[\"message\",{\"content\":\"" + text + "\",\"channel\":\"" + channel + "\"}]");
    }

    private void onText(String text) {
        if (text.startsWith(MESSAGE_EVENT)) {
            int at = text.indexOf(CONTENT_KEY);
            handler.accept(new Delivery(text, at < 0 ? -1 : at + CONTENT_KEY.length()));
        } else if (text.equals("2")) {
            ws.writeTextMessage("3");
        } else if (text.startsWith("0{")) {
            opened.tryComplete();
        } else if (text.startsWith("40")) {
            if (joined != null) joined.tryComplete();
        } else if (text.startsWith("44") && joined != null) {
            joined.tryFail("namespace refused: " + text);
        }
    }

    @Override
    public void onDelivery(Consumer<Delivery> handler) { this.handler = handler; }

    @Override
    public void onLost(Consumer<String> handler) { loss.onLost(handler); }

    @Override
    public void close() {
        if (ws != null) ws.close();
    }
}
