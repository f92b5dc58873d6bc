package io.chorus.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** A Diode remote API WebSocket client: authenticate, subscribe_channel, send_message notifications, pushes. */
final class DiodeBenchClient implements BenchClient {
    private static final String MESSAGE_KEY = "\"message\":\"";

    private final WebSocketClient client;
    private final String host;
    private final int port;
    private final String token;
    private final String zone;
    private final Map<Integer, Promise<Void>> pending = new HashMap<>();
    private Consumer<Delivery> handler = d -> {};
    private WebSocket ws;
    private final ConnectionLoss loss = new ConnectionLoss();
    private int nextId = 1;

    DiodeBenchClient(WebSocketClient client, String host, int port, String token, String zone) {
        this.client = client;
        this.host = host;
        this.port = port;
        this.token = token;
        this.zone = zone;
    }

    @Override
    public Future<Void> connect() {
        return client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/api/json_rpc/ws")
                        .setTimeout(30_000))
                .compose(socket -> {
                    ws = socket;
                    ws.closeHandler(v -> loss.ended(ConnectionLoss.reason(ws)));
                    ws.textMessageHandler(this::onText);
                    return call("authenticate", "[\"" + token + "\"]");
                });
    }

    @Override
    public Future<Void> subscribe(String channel) {
        return call("subscribe_channel", "[\"" + zone + "\",\"" + channel + "\"]");
    }

    @Override
    public void publish(String channel, String text) {
        ws.writeTextMessage("{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + zone + "\",\"" + channel
                + "\",\"" + text + "\"]}");
    }

    private Future<Void> call(String method, String params) {
        int id = nextId++;
        Promise<Void> p = Promise.promise();
        pending.put(id, p);
        ws.writeTextMessage("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":" + id + "}");
        return p.future();
    }

    private void onText(String text) {
        if (text.startsWith("{\"jsonrpc\":\"2.0\",\"result\":{\"messages\"")) {
            int at = text.indexOf(MESSAGE_KEY);
            handler.accept(new Delivery(text, at < 0 ? -1 : at + MESSAGE_KEY.length()));
            return;
        }
        int idAt = text.lastIndexOf("\"id\":");
        if (idAt < 0) return;
        int end = idAt + 5;
        while (end < text.length() && Character.isDigit(text.charAt(end))) end++;
        Promise<Void> p = pending.remove(Integer.parseInt(text.substring(idAt + 5, end)));
        if (p == null) return;
        if (text.contains("\"error\"")) p.fail(text);
        else p.complete();
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
