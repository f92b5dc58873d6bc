package io.chorus.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A DeviceHive WebSocket client: authenticate, notification/subscribe to one device (the "channel" is a device id),
 * notification/insert with the message text in {@code parameters.t}, and the pushed notification/insert frames; or
 * the same with commands (command/subscribe, command/insert), where a subscriber may also acknowledge each command
 * it receives with a command/update, as a device does.
 */
final class DeviceHiveBenchClient implements BenchClient {
    private static final String TEXT_KEY = "\"t\":\"";

    /** {@code notification} or {@code command}: the action prefix and the item's field name. */
    private final String kind;
    private final String push;
    private final boolean acknowledge;
    private String deviceId;
    private long failedAcks;

    private final WebSocketClient client;
    private final String host;
    private final int port;
    private final String token;
    private final Map<Integer, Promise<Void>> pending = new HashMap<>();
    private Consumer<Delivery> handler = d -> {};
    private WebSocket ws;
    private final ConnectionLoss loss = new ConnectionLoss();
    private int nextId = 1;

    DeviceHiveBenchClient(WebSocketClient client, String host, int port, String token, boolean commands, boolean acknowledge) {
        if (acknowledge && !commands) throw new IllegalArgumentException("--acknowledge needs --target devicehive-commands");
        this.acknowledge = acknowledge;
        this.kind = commands ? "command" : "notification";
        this.push = "{\"action\":\"" + kind + "/insert\",\"" + kind + "\":";
        this.client = client;
        this.host = host;
        this.port = port;
        this.token = token;
    }

    @Override
    public Future<Void> connect() {
        return client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/api/websocket").setTimeout(30_000))
                .compose(socket -> {
                    ws = socket;
                    ws.closeHandler(v -> loss.ended(ConnectionLoss.reason(ws)));
                    ws.textMessageHandler(this::onText);
                    return call("authenticate", ",\"token\":\"" + token + "\"");
                });
    }

    @Override
    public Future<Void> subscribe(String deviceId) {
        this.deviceId = deviceId;
        return call(kind + "/subscribe", ",\"deviceId\":\"" + deviceId + "\"");
    }

    @Override
    public void publish(String deviceId, String text) {
        // No requestId: the reply is not waited for (it carries "requestId":null and is ignored).
        ws.writeTextMessage("{\"action\":\"" + kind + "/insert\",\"deviceId\":\"" + deviceId
                + "\",\"" + kind + "\":{\"" + kind + "\":\"bench\",\"parameters\":{\"t\":\"" + text + "\"}}}");
    }

    /** Answers a pushed command with {@code command/update} (no requestId: the answer is only checked for errors). */
    private void acknowledge(String push) {
        int at = push.indexOf("\"id\":", this.push.length());
        if (at < 0) return;
        int start = at + 5;
        int end = start;
        while (end < push.length() && Character.isDigit(push.charAt(end))) end++;
        ws.writeTextMessage("{\"action\":\"command/update\",\"deviceId\":\"" + deviceId + "\",\"commandId\":"
                + push.substring(start, end) + ",\"command\":{\"status\":\"done\"}}");
    }

    private Future<Void> call(String action, String fields) {
        int id = nextId++;
        Promise<Void> p = Promise.promise();
        pending.put(id, p);
        ws.writeTextMessage("{\"action\":\"" + action + "\",\"requestId\":" + id + fields + "}");
        return p.future();
    }

    private void onText(String text) {
        if (text.startsWith(push)) {
            int at = text.indexOf(TEXT_KEY);
            handler.accept(new Delivery(text, at < 0 ? -1 : at + TEXT_KEY.length()));
            if (acknowledge) acknowledge(text);
            return;
        }
        if (acknowledge && text.contains("\"action\":\"command/update\"") && text.contains("\"status\":\"error\"")
                && failedAcks++ == 0) {
            System.err.println("an acknowledgement failed (further failures are not shown): " + text);
        }
        int idAt = text.indexOf("\"requestId\":");
        if (idAt < 0) return;
        int start = idAt + 12;
        int end = start;
        while (end < text.length() && Character.isDigit(text.charAt(end))) end++;
        if (end == start) return;
        Promise<Void> p = pending.remove(Integer.parseInt(text.substring(start, end)));
        if (p == null) return;
        if (text.contains("\"status\":\"success\"")) p.complete();
        else p.fail(text);
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
