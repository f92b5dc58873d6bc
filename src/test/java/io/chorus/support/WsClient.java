package io.chorus.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A JDK WebSocket client that collects every text frame, for talking JSON-RPC to the server in tests. */
public final class WsClient implements AutoCloseable {
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    public final CompletableFuture<int[]> closed = new CompletableFuture<>();
    public volatile String closeReason;
    public final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
    /** Payloads of the server's pongs, as text. */
    public final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    private final WebSocket ws;
    private int nextId = 1000;
    /** While paused the client reads nothing more, as a peer that stopped reading would (see {@link #pause()}). */
    private volatile boolean paused;
    private volatile boolean stalled;

    public WsClient(URI uri) {
        ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(partial.toString());
                            partial.setLength(0);
                        }
                        synchronized (WsClient.this) {
                            if (paused) stalled = true;
                            else w.request(1);
                        }
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onPing(WebSocket w, java.nio.ByteBuffer message) {
                        pings.incrementAndGet();
                        w.sendPong(message);
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onPong(WebSocket w, java.nio.ByteBuffer message) {
                        pongs.add(java.nio.charset.StandardCharsets.UTF_8.decode(message).toString());
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                        closeReason = reason;
                        closed.complete(new int[]{status});
                        return null;
                    }

                    @Override
                    public void onError(WebSocket w, Throwable error) {
                        closed.complete(new int[]{-1});
                    }
                }).join();
    }

    public void send(String text) { ws.sendText(text, true).join(); }

    /** Stops reading after the frame in hand: the server's writes back up behind the client's socket. */
    public synchronized void pause() { paused = true; }

    /** Reads again. */
    public synchronized void resume() {
        paused = false;
        if (stalled) {
            stalled = false;
            ws.request(1);
        }
    }

    /** How many frames arrived and were not yet taken. */
    public int pending() { return frames.size(); }

    /** Sends a request with a fresh numeric id and returns the response with that id (skipping pushes). */
    public JsonNode call(String method, String paramsJson) {
        int id = nextId++;
        send("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + paramsJson + ",\"id\":" + id + "}");
        return await(n -> n.has("id") && n.get("id").asInt() == id, 10);
    }

    /** The next frame matching the predicate within the timeout (frames skipped are kept for later checks). */
    public JsonNode await(Predicate<JsonNode> match, int seconds) {
        for (String s : new ArrayList<>(seen)) {
            JsonNode n = parse(s);
            if (match.test(n)) {
                seen.remove(s);
                return n;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String s;
            try {
                s = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (s == null) throw new AssertionError("no matching frame within " + seconds + "s; unmatched: " + seen);
            JsonNode n = parse(s);
            if (match.test(n)) return n;
            seen.add(s);
        }
    }

    /** The next pushed message batch ({@code result.messages} without an id). */
    public JsonNode awaitPush(int seconds) {
        return await(n -> !n.has("id") && n.path("result").has("messages"), seconds);
    }

    /** Frames that arrive within the window and match (for asserting that nothing arrives). */
    public List<JsonNode> drain(Predicate<JsonNode> match, long millis) {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        for (String s : new ArrayList<>(seen)) if (match.test(parse(s))) out.add(parse(s));
        while (System.currentTimeMillis() < deadline) {
            try {
                String s = frames.poll(20, TimeUnit.MILLISECONDS);
                if (s != null) {
                    seen.add(s);
                    if (match.test(parse(s))) out.add(parse(s));
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    public String nextRaw(int seconds) throws InterruptedException { return frames.poll(seconds, TimeUnit.SECONDS); }

    private static JsonNode parse(String s) {
        try {
            return TestServer.JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    public WebSocket socket() { return ws; }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        ws.abort();
    }
}
