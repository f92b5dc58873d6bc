package io.chorus.api.diode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chorus.api.diode.jsonrpc.JsonRpcError;
import io.chorus.api.diode.jsonrpc.JsonRpcException;
import io.chorus.api.diode.jsonrpc.JsonRpcInput;
import io.chorus.core.ChorusException;
import io.chorus.core.MessageEvent;
import io.chorus.core.User;
import io.chorus.fanout.CloseReason;
import io.chorus.fanout.Publication;
import io.chorus.fanout.Session;
import io.chorus.fanout.Shard;
import io.chorus.transport.LoopInbox;
import io.chorus.transport.OffLoop;
import io.chorus.transport.RateLimiter;
import io.chorus.transport.WebSocketConnection;
import io.chorus.transport.WebSocketOutbox;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One remote API WebSocket. Frames are started one at a time, in order (so a client's sends keep their order), and
 * answered in the order they arrived; reading pauses while too many wait. Until {@code authenticate} succeeds only
 * that method is accepted.
 */
final class DiodeWebSocketSession extends Session {
    static final String API = "diode";
    private static final int MAX_WAITING_FRAMES = 32;
    private static final CloseReason MESSAGE_TOO_BIG = new CloseReason(1009, "message too big");
    private static final CloseReason TOO_MANY_CONNECTIONS = new CloseReason(1008, "too many connections for this user");

    private final WebSocketConnection ws;
    private final DiodeApi api;
    private final WebSocketOutbox outbox;
    private final RateLimiter rate;
    // This and the answers below sized for an idle connection (Java's default of 16 slots is 84 bytes each); a busy
    // connection grows them.
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>(2);
    /** Live messages held per topic while its history is replayed; made by the first recovering subscribe. */
    private Map<String, List<Publication>> recovering;
    private volatile User user;
    /** Frames started and not yet answered, in arrival order (at most {@link #MAX_IN_FLIGHT}). */
    private final ArrayDeque<Answer> answers = new ArrayDeque<>(2);
    private static final int MAX_IN_FLIGHT = 64;
    private final LoopInbox loop;
    private boolean starting;
    private boolean paused;
    private boolean closed;
    private long lastSeen = System.currentTimeMillis();
    private long lastPing = lastSeen;

    DiodeWebSocketSession(Shard shard, WebSocketConnection ws, DiodeApi api) {
        super(shard, API);
        this.ws = ws;
        this.api = api;
        this.rate = new RateLimiter(api.limits().requestsPerSecond());
        this.loop = LoopInbox.of(Vertx.currentContext());
        this.outbox = new WebSocketOutbox(ws, api.limits().outboundQueue(), () -> {
            api.observer().slowConsumerDropped();
            close(CloseReason.SLOW_CONSUMER);
        });
    }

    void start() {
        opened();
        ws.textBytesHandler(this::onFrame);
        ws.binaryHandler(b -> {
            byte[] utf8 = ByteBufUtil.getBytes(b);
            b.release();
            onFrame(utf8);
        });
        ws.pongHandler(() -> lastSeen = System.currentTimeMillis());
        ws.tooBigHandler(() -> close(MESSAGE_TOO_BIG));
        ws.closeHandler(() -> {
            closed = true;
            ended();
        });
    }

    User user() { return user; }

    private void onFrame(byte[] utf8) {
        lastSeen = System.currentTimeMillis();
        if (!rate.tryAcquire()) {
            outbox.sendNow(api.codec().encode(api.codec().error(null, JsonRpcError.server(DiodeErrors.RATE_LIMITED,
                    "Limit exceeded", "rate_limited", "too many requests; slow down"))));
            return;
        }
        waiting.add(utf8);
        pump();
    }

    /**
     * Starts the next frame when the previous one has taken its place in the commit order (a send is queued for
     * durability) or finished; several sends of one connection are then in flight at once, still in order. Reading
     * pauses while too many frames wait.
     */
    private void pump() {
        while (!starting && !closed && answers.size() < MAX_IN_FLIGHT && !waiting.isEmpty()) start(waiting.poll());
        boolean full = waiting.size() >= MAX_WAITING_FRAMES;
        if (full && !paused) {
            paused = true;
            ws.pause();
        } else if (!full && paused && waiting.size() < MAX_WAITING_FRAMES / 2) {
            paused = false;
            ws.resume();
        }
    }

    /**
     * Starts one frame. A {@code send_message} to a channel id is validated and queued right here on the loop
     * ({@link DiodeDispatcher#processNow}), so the next frame may start at once; anything else runs on a virtual
     * thread, and the next frame starts once it has taken its place in the commit order or finished.
     */
    private void start(byte[] utf8) {
        Answer answer = new Answer();
        answers.add(answer);
        DiodeCall call = new DiodeCall(null, this);
        JsonRpcInput input = api.codec().parse(utf8);
        CompletableFuture<ObjectNode> now = api.dispatcher().processNow(input, call);
        if (now != null) {
            if (now.isDone()) {
                answered(answer, call, now); // refused on the spot; pump's loop goes on with the next frame
            } else {
                // Completes on the store's writer once the message is durable: back on this loop, one wake-up per
                // commit for all the answers it holds.
                LoopInbox inbox = loop;
                now.whenComplete((r, e) -> inbox.execute(() -> {
                    answered(answer, call, now);
                    pump();
                }));
            }
            return;
        }
        starting = true;
        boolean[] released = new boolean[1];
        Runnable release = () -> {
            if (!released[0]) {
                released[0] = true;
                starting = false;
                pump();
            }
        };
        if (input instanceof JsonRpcInput.Single) {
            call.onSubmitted(() -> shard().loop().execute(release));
        }
        OffLoop.call(api.core().blocking(), () -> api.dispatcher().process(input, call))
                .onComplete(ar -> {
                    answer.done(call, ar.succeeded() ? ar.result() : null);
                    writeAnswers();
                    release.run();
                    pump();
                });
    }

    private void answered(Answer answer, DiodeCall call, CompletableFuture<ObjectNode> done) {
        ObjectNode r = done.getNow(null); // processNow's future carries failures as error replies: it never fails
        answer.done(call, r == null ? null : api.codec().encode(r));
        writeAnswers();
    }

    /** Writes the answers that are ready, in the order their frames arrived, each followed by its after-reply work. */
    private void writeAnswers() {
        Answer head;
        while ((head = answers.peek()) != null && head.done) {
            answers.poll();
            if (head.reply != null && !closed) outbox.sendNow(head.reply);
            for (Runnable r : head.call.takeAfterReply()) r.run();
        }
    }

    /** A started frame's place among the answers: filled when its reply (possibly none) is known. */
    private static final class Answer {
        boolean done;
        byte[] reply;
        DiodeCall call;

        void done(DiodeCall call, byte[] reply) {
            this.call = call;
            this.reply = reply;
            this.done = true;
        }
    }

    /** {@code authenticate}: binds this socket to the token's user. Runs on a virtual thread. */
    JsonNode authenticate(DiodeCall call, String token) {
        if (user != null) return TextNode.valueOf("You are already authenticated.");
        User u = api.core().accounts().byRemoteToken(token).orElseThrow(() -> new JsonRpcException(
                JsonRpcError.server(-32001, "Not authenticated", "invalid_token",
                        "the token is invalid, or the remote API is disabled for its user")));
        int sessions = onLoop(() -> authenticated(u.id(), token));
        if (sessions > api.limits().maxConnectionsPerUser()) {
            call.afterReply(() -> close(TOO_MANY_CONNECTIONS));
            throw ChorusException.forbidden("too many connections for this user");
        }
        user = u;
        return TextNode.valueOf("Authentication successful");
    }

    // ---- subscriptions (on the loop)

    /** Subscribes; with {@code recovering}, live messages are held until {@link #endRecovery}. */
    boolean subscribeTopic(String topic, boolean recovering) {
        if (!isSubscribed(topic) && subscriptionCount() >= api.limits().maxSubscriptions()) {
            throw new ChorusException(ChorusException.Kind.LIMITED, "too_many_subscriptions",
                    "at most " + api.limits().maxSubscriptions() + " subscriptions per connection");
        }
        if (recovering) {
            if (this.recovering == null) this.recovering = new HashMap<>(4);
            this.recovering.put(topic, new ArrayList<>());
        }
        return subscribe(topic);
    }

    /** Replays what was missed, then releases held live messages newer than the replay. */
    void endRecovery(String channelId, List<MessageEvent> missed, long replayedUpTo) {
        List<Publication> held = recovering == null ? null : recovering.remove(io.chorus.core.Topics.channel(channelId));
        for (int i = 0; i < missed.size(); i += 100) {
            outbox.send(api.format().frame(missed.subList(i, Math.min(missed.size(), i + 100))));
        }
        if (held != null) {
            for (Publication p : held) {
                if (p.event() instanceof MessageEvent e && !e.ephemeral() && e.message().offset() <= replayedUpTo) continue;
                send(p);
            }
        }
        outbox.flush();
    }

    @Override
    protected void deliver(Publication p) {
        if (recovering != null && !recovering.isEmpty()) {
            List<Publication> held = recovering.get(p.topics().get(0));
            if (held != null) {
                held.add(p);
                return;
            }
        }
        send(p);
    }

    private void send(Publication p) {
        ByteBuf frame = p.frame(api.format());
        if (frame != null) outbox.send(frame);
    }

    @Override
    protected void flush() { outbox.flush(); }

    @Override
    public void close(CloseReason reason) {
        if (closed) return;
        closed = true;
        outbox.close(reason.code(), reason.text());
    }

    @Override
    protected void heartbeat(long now) {
        long interval = api.limits().pingIntervalSeconds() * 1000L;
        if (now - lastSeen > interval * 5 / 2) {
            close(CloseReason.IDLE);
        } else if (now - lastPing >= interval) {
            lastPing = now;
            outbox.ping();
        }
    }

    // ---- hopping from a virtual thread onto this session's loop

    <T> T onLoop(Callable<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        shard().loop().execute(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    void onLoop(Runnable work) {
        onLoop(() -> {
            work.run();
            return null;
        });
    }
}
