package io.chorus.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A NATS client over the NATS server's WebSocket listener (the text protocol in binary frames): CONNECT, SUB, PUB,
 * MSG and PING/PONG — enough to run the same scenarios against NATS as against Chorus.
 *
 * <p>With {@code jetStream}, the durable peer: each subject is captured by a file-stored stream, each subscriber
 * reads through a push consumer of its own (so it receives a message only once the server has stored it, as a
 * Chorus subscriber does), and each publish carries a reply subject, so the server acknowledges every stored
 * message as Chorus acknowledges every durable send (the acknowledgements are read and dropped). The streams and
 * consumers are created through the JetStream API's request subjects ({@code $JS.API.*}).
 */
final class NatsBenchClient implements BenchClient {
    private static final long REQUEST_TIMEOUT_SECONDS = 30;
    private final WebSocketClient client;
    private final String host;
    private final int port;
    private final boolean jetStream;
    private final StringBuilder in = new StringBuilder();
    private final ArrayDeque<Promise<Void>> pongs = new ArrayDeque<>();
    /** JetStream API requests waiting for their answer, by the last token of their reply subject. */
    private final Map<String, Promise<String>> requests = new HashMap<>();
    private final String inbox = "_INBOX." + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    private Consumer<Delivery> handler = d -> {};
    private WebSocket ws;
    private final ConnectionLoss loss = new ConnectionLoss();
    private int sid;
    private int inboxSid;
    private int requestCount;

    NatsBenchClient(WebSocketClient client, String host, int port, boolean jetStream) {
        this.client = client;
        this.host = host;
        this.port = port;
        this.jetStream = jetStream;
    }

    @Override
    public Future<Void> connect() {
        return client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/").setTimeout(30_000))
                .compose(socket -> {
                    ws = socket;
                    ws.closeHandler(v -> loss.ended(ConnectionLoss.reason(ws)));
                    ws.handler(this::onData);
                    // With headers on, a request nobody answers (a server without JetStream) gets a 503 status at
                    // once instead of no answer at all.
                    send("CONNECT {\"verbose\":false,\"pedantic\":false,\"echo\":true"
                            + (jetStream ? ",\"headers\":true,\"no_responders\":true" : "") + "}\r\n");
                    if (jetStream) send("SUB " + inbox + ".* " + (inboxSid = ++sid) + "\r\n");
                    return ping();
                });
    }

    @Override
    public Future<Void> subscribe(String subject) {
        if (!jetStream) {
            send("SUB " + subject + " " + (++sid) + "\r\n");
            return ping(); // the PONG proves the server processed the SUB
        }
        // The stream captures "<subject>.in", where publishers publish; this subscriber's consumer pushes to a
        // delivery subject of its own.
        String stream = stream(subject);
        String deliver = inbox.replace("_INBOX", "deliver") + "." + (++sid);
        send("SUB " + deliver + " " + sid + "\r\n");
        String streamConfig = "{\"name\":\"" + stream + "\",\"subjects\":[\"" + subject + ".in\"],\"storage\":\"file\","
                + "\"retention\":\"limits\",\"discard\":\"old\",\"max_age\":600000000000}";
        String consumerConfig = "{\"stream_name\":\"" + stream + "\",\"config\":{\"deliver_subject\":\"" + deliver
                + "\",\"deliver_policy\":\"new\",\"ack_policy\":\"none\",\"replay_policy\":\"instant\"}}";
        // Creating a stream that exists with the same configuration answers with that stream.
        return request("$JS.API.STREAM.CREATE." + stream, streamConfig)
                .compose(x -> request("$JS.API.CONSUMER.CREATE." + stream, consumerConfig))
                .mapEmpty();
    }

    private static String stream(String subject) { return subject.replace('.', '_'); }

    @Override
    public void publish(String subject, String text) {
        if (jetStream) send("PUB " + subject + ".in " + inbox + ".ack " + text.length() + "\r\n" + text + "\r\n");
        else send("PUB " + subject + " " + text.length() + "\r\n" + text + "\r\n");
    }

    /** A JetStream API request; fails with the answer when it is an error. */
    private Future<String> request(String subject, String json) {
        Promise<String> p = Promise.promise();
        String id = Integer.toString(++requestCount);
        requests.put(id, p);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        send("PUB " + subject + " " + inbox + "." + id + " " + body.length + "\r\n" + json + "\r\n");
        // A server that never answers (one too old to report "no responders") must not hold the run forever.
        return p.future().timeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .recover(timeout -> Future.failedFuture(subject + " got no answer in " + REQUEST_TIMEOUT_SECONDS + " s"))
                .compose(answer -> answer.contains("\"error\"")
                        ? Future.failedFuture(subject + " answered " + answer
                                + (answer.contains(" 503") ? " (no responders: is JetStream enabled on the server?)" : ""))
                        : Future.succeededFuture(answer));
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
            boolean headers = at(pos, "HMSG ");
            if (headers || at(pos, "MSG ")) {
                // "MSG subject sid [reply] size" or "HMSG subject sid [reply] header-size total-size"
                int lenStart = in.lastIndexOf(" ", eol) + 1;
                int len = Integer.parseInt(in.substring(lenStart, eol));
                int headerLen = headers ? Integer.parseInt(in.substring(in.lastIndexOf(" ", lenStart - 2) + 1, lenStart - 1)) : 0;
                if (in.length() < eol + 2 + len + 2) break; // payload not complete yet
                int start = headers ? pos + 5 : pos + 4;
                if (jetStream && isInboxMessage(start, eol)) {
                    // A status in the headers (503: no responders) answers the request with an error.
                    String payload = headers ? "{\"error\":\"" + in.substring(eol + 2, in.indexOf("\r\n", eol + 2)) + "\"}"
                            : in.substring(eol + 2, eol + 2 + len);
                    answer(in.substring(start, eol), payload);
                } else {
                    handler.accept(new Delivery(in, eol + 2 + headerLen));
                }
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

    /** Whether the MSG or HMSG line whose subject starts at {@code start} came through the inbox subscription. */
    private boolean isInboxMessage(int start, int eol) {
        int subjectEnd = in.indexOf(" ", start);
        int sidEnd = in.indexOf(" ", subjectEnd + 1);
        return sidEnd > 0 && sidEnd < eol && in.substring(subjectEnd + 1, sidEnd).equals(Integer.toString(inboxSid));
    }

    /** An answer on the inbox: a publish acknowledgement (dropped) or the answer to a request. */
    private void answer(String line, String payload) {
        String subject = line.substring(0, line.indexOf(' '));
        Promise<String> p = requests.remove(subject.substring(subject.lastIndexOf('.') + 1));
        if (p != null) p.complete(payload);
    }

    private boolean at(int pos, String word) {
        return in.length() >= pos + word.length() && in.substring(pos, pos + word.length()).equals(word);
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
