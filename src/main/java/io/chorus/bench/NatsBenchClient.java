package io.chorus.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A NATS client over the NATS server's WebSocket listener (the text protocol in binary frames): CONNECT, SUB, PUB,
 * MSG and PING/PONG — enough to run the same scenarios against NATS as against Chorus.
 */
final class NatsBenchClient implements BenchClient {
    private final WebSocketClient client;
    private final String host;
    private final int port;
    private final StringBuilder in = new StringBuilder();
    private final ArrayDeque<Promise<Void>> pongs = new ArrayDeque<>();
    private Consumer<Delivery> handler = d -> {};
    private WebSocket ws;
    private int sid;

    NatsBenchClient(WebSocketClient client, String host, int port) {
        this.client = client;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<Void> connect() {
        return client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/").setTimeout(30_000))
                .compose(socket -> {
                    ws = socket;
                    ws.handler(this::onData);
                    send("CONNECT {\"verbose\":false,\"pedantic\":false,\"echo\":true}\r\n");
                    return ping();
                });
    }

    @Override
    public Future<Void> subscribe(String subject) {
        send("SUB " + subject + " " + (++sid) + "\r\n");
        return ping(); // the PONG proves the server processed the SUB
    }

    @Override
    public void publish(String subject, String text) {
        send("PUB " + subject + " " + text.length() + "\r\n" + text + "\r\n");
    }

    private Future<Void> ping() {
        Promise<Void> p = Promise.promise();
        pongs.add(p);
        send("PING\r\n");
        return p.future();
    }

    private void send(String s) { ws.write(Buffer.buffer(s.getBytes(StandardCharsets.UTF_8))); }

    private void onData(Buffer b) {
        in.append(b.toString(StandardCharsets.UTF_8));
        int pos = 0;
        while (true) {
            int eol = in.indexOf("\r\n", pos);
            if (eol < 0) break;
            if (at(pos, "MSG ")) {
                int lenStart = in.lastIndexOf(" ", eol) + 1;
                int len = Integer.parseInt(in.substring(lenStart, eol));
                if (in.length() < eol + 2 + len + 2) break; // payload not complete yet
                handler.accept(new Delivery(in, eol + 2));
                pos = eol + 2 + len + 2;
            } else {
                if (at(pos, "PING")) send("PONG\r\n");
                else if (at(pos, "PONG") && !pongs.isEmpty()) pongs.poll().complete();
                else if (at(pos, "-ERR") && !pongs.isEmpty()) pongs.poll().fail(in.substring(pos, eol));
                pos = eol + 2;
            }
        }
        in.delete(0, pos);
    }

    private boolean at(int pos, String word) {
        return in.length() >= pos + word.length() && in.substring(pos, pos + word.length()).equals(word);
    }

    @Override
    public void onDelivery(Consumer<Delivery> handler) { this.handler = handler; }

    @Override
    public void close() {
        if (ws != null) ws.close();
    }
}
