package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw DeviceHive WebSocket client for tests: sends {action, requestId, ...} and waits for the matching reply. */
final class DhWsClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket ws;
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private int nextId = 1;

    DhWsClient(URI uri) {
        ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        frames.add(JSON.readTree(text.toString()));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                    text.setLength(0);
                }
                w.request(1);
                return null;
            }
        }).join();
    }

    void sendRaw(String text) { ws.sendText(text, true).join(); }

    /** Sends an action with the given fields (a JSON object text without braces, or "") and returns the reply. */
    JsonNode call(String action, String fields) {
        int id = nextId++;
        sendRaw("{\"action\":\"" + action + "\",\"requestId\":" + id + (fields.isEmpty() ? "" : "," + fields) + "}");
        return reply(r -> r.path("requestId").asInt(-1) == id);
    }

    JsonNode call(String action, ObjectNode fields) {
        int id = nextId++;
        ObjectNode msg = JSON.createObjectNode().put("action", action).put("requestId", id);
        msg.setAll(fields);
        sendRaw(msg.toString());
        return reply(r -> r.path("requestId").asInt(-1) == id);
    }

    JsonNode next() { return reply(r -> true); }

    private JsonNode reply(java.util.function.Predicate<JsonNode> match) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            JsonNode f;
            try {
                f = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (f == null) throw new AssertionError("no reply within 10 s");
            if (match.test(f)) return f;
        }
    }

    @Override
    public void close() { ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"); }
}
