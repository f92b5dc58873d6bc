package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.CommitOrder;
import io.chorus.core.device.DeviceEvent;
import io.chorus.fanout.CloseReason;
import io.chorus.fanout.Publication;
import io.chorus.fanout.Session;
import io.chorus.fanout.Shard;
import io.chorus.transport.OffLoop;
import io.chorus.transport.WebSocketConnection;
import io.chorus.transport.WebSocketOutbox;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One DeviceHive WebSocket: requests are answered in order (each runs off the event loop; consecutive notification
 * inserts and command inserts and updates overlap, see {@link #next}); the
 * session remembers who authenticated, and is the fan-out session that receives its subscriptions' commands and
 * notifications. Everything but the principal is touched on the connection's event loop only.
 */
final class DhConnection extends Session implements DhCaller {
    static final String API = "devicehive";
    /** Requests waiting behind the running one; a client that queues more is disconnected. */
    static final int MAX_PENDING = 256;

    private final WebSocketConnection ws;
    /** The upgrade request's Host header (the reference builds URLs from it). */
    private final String host;
    private final DhActions actions;
    private final DhJson json;
    private final Executor blocking;
    private final WebSocketOutbox outbox;
    // This and the running requests below sized for an idle connection, not Java's default 16 slots; busy ones grow.
    private final ArrayDeque<ObjectNode> pending = new ArrayDeque<>(2);
    /** Requests started and not yet answered, in arrival order (see {@link #next}). */
    private final ArrayDeque<Running> running = new ArrayDeque<>(2);
    private static final int MAX_RUNNING = 64;
    /** The last request started has neither queued its write nor finished. */
    private boolean starting;
    // Sized for the usual one or two subscriptions, not 16 slots each: these are per connection.
    private final Map<Long, DhSubscription> subscriptions = new LinkedHashMap<>(2);
    /** Each subscription's push ending, made once. */
    private final Map<Long, byte[]> suffixes = new HashMap<>(2);
    /** Subscriptions still sending their backlog, with the live events held until it is out. */
    private final Map<Long, List<DeviceEvent>> holding = new HashMap<>();
    private final DhPresence presence;
    private final DhNodeStats stats;
    /** Devices this connection speaks for (their presence counts it); any thread adds, the close releases. */
    private final Set<String> claimed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile DhPrincipal principal;
    private volatile boolean closed;

    DhConnection(WebSocketConnection ws, String host, Shard shard, DhActions actions, DhJson json, Executor blocking, int outboundQueue,
                 DhPresence presence, DhNodeStats stats) {
        super(shard, API);
        this.presence = presence;
        this.stats = stats;
        this.ws = ws;
        this.host = host;
        this.actions = actions;
        this.json = json;
        this.blocking = blocking;
        this.outbox = new WebSocketOutbox(ws, outboundQueue, () -> close(CloseReason.SLOW_CONSUMER));
        opened();
        stats.sessionOpened();
        ws.textHandler(this::onText);
        ws.binaryHandler(b -> {
            b.release();
            reply(actions.malformed());
        });
        ws.closeHandler(() -> {
            closed = true;
            ended();
            stats.sessionClosed();
            for (DhSubscription s : subscriptions.values()) stats.subscriptions(s.commands(), -1);
            for (String id : claimed) blocking.execute(() -> presence.released(id));
            claimed.clear();
        });
    }

    /** From a request's thread: this connection speaks for the device until it closes. */
    void claim(io.chorus.core.device.Device device) {
        if (!closed && claimed.add(device.id())) {
            presence.claimed(device);
            // Closed meanwhile: the close handler may have missed this one.
            if (closed && claimed.remove(device.id())) presence.released(device.id());
        }
    }

    @Override
    public DhPrincipal principal() { return principal; }

    @Override
    public void authenticated(DhPrincipal p) {
        this.principal = p;
    }

    @Override
    public String host() { return host; }

    // ---- requests

    private void onText(String text) {
        JsonNode parsed;
        try {
            parsed = json.mapper.readTree(text);
        } catch (java.io.IOException e) {
            parsed = null;
        }
        if (!(parsed instanceof ObjectNode request)) {
            reply(actions.malformed());
            return;
        }
        if (pending.size() >= MAX_PENDING) {
            ws.close(1008, "too many requests in flight");
            return;
        }
        pending.add(request);
        next();
    }

    /**
     * Starts what may start. Requests run one at a time, in order, except {@code notification/insert},
     * {@code command/insert} and {@code command/update}: the next of those starts as soon as the previous one has
     * queued its write ({@link CommitOrder}), so a device streaming notifications or command updates (or a client
     * streaming commands) gets many of them into one commit while they are still stored, published and answered in
     * order. Any other request starts only when nothing runs, and nothing starts beside it, so the head of
     * {@code running} says whether all of them overlap.
     */
    private void next() {
        while (!starting && !pending.isEmpty() && running.size() < MAX_RUNNING
                && (running.isEmpty() || (running.peek().overlaps && overlaps(pending.peek())))) {
            start(pending.poll());
        }
    }

    private void start(ObjectNode json) {
        boolean overlaps = overlaps(json);
        Running r = new Running(new DhRequest(json, this), overlaps);
        running.add(r);
        starting = true;
        Runnable queued = () -> shard().loop().execute(() -> started(r));
        OffLoop.call(blocking, () -> overlaps ? CommitOrder.run(queued, () -> actions.handle(r.request)) : actions.handle(r.request))
                .onComplete(ar -> {
                    r.done = true;
                    r.answer = ar.succeeded() ? ar.result() : null;
                    started(r);
                    answerInOrder();
                });
    }

    /** {@code r} has queued its write or finished: if it is the last one started, the next may start. */
    private void started(Running r) {
        if (running.peekLast() == r) starting = false;
        next();
    }

    private void answerInOrder() {
        while (!running.isEmpty() && running.peek().done) {
            Running r = running.poll();
            if (r.answer != null) {
                reply(r.answer);
                for (Runnable after : r.request.afterReply()) after.run();
            }
        }
        next();
    }

    /** One write whose publication comes from its commit: such requests may overlap and still stay in order. */
    private static boolean overlaps(ObjectNode request) {
        return switch (request.path("action").asText()) {
            case "notification/insert", "command/insert", "command/update" -> true;
            default -> false;
        };
    }

    /** A started request; {@code done} and {@code answer} are set on the loop. */
    private static final class Running {
        final DhRequest request;
        final boolean overlaps;
        boolean done;
        ObjectNode answer;

        Running(DhRequest request, boolean overlaps) {
            this.request = request;
            this.overlaps = overlaps;
        }
    }

    private void reply(ObjectNode message) {
        if (!ws.isClosed()) outbox.sendNow(message.toString().getBytes(StandardCharsets.UTF_8));
    }

    // ---- subscriptions (on the loop)

    /** From a request's thread: runs on this connection's loop and waits for it. */
    void onLoop(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        shard().loop().execute(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        done.join();
    }

    /** Starts a subscription that holds live events until {@link #release} has sent its backlog. */
    void hold(DhSubscription s) {
        if (subscriptions.put(s.id(), s) == null && !closed) stats.subscriptions(s.commands(), 1);
        holding.put(s.id(), new ArrayList<>());
        for (String t : s.topics()) subscribe(t);
    }

    /** Sends the backlog, then what arrived meanwhile (each item once), and goes live. */
    void release(DhSubscription s, List<DeviceEvent> backlog) {
        List<DeviceEvent> held = holding.remove(s.id());
        if (!subscriptions.containsKey(s.id())) return;
        Set<String> sent = new HashSet<>();
        for (DeviceEvent e : backlog) {
            push(s, e, json.event(e).toString());
            sent.add(key(e));
        }
        if (held != null) for (DeviceEvent e : held) if (!sent.contains(key(e))) push(s, e, json.event(e).toString());
        outbox.flush();
    }

    private static String key(DeviceEvent e) {
        return e instanceof DeviceEvent.Command c ? "c" + c.command().id() + ":" + c.command().lastUpdated()
                : "n" + ((DeviceEvent.Notification) e).notification().id();
    }

    List<DhSubscription> subscriptions() { return new ArrayList<>(subscriptions.values()); }

    /** Removes subscriptions (all of one kind when {@code id} is null); false if the id is not this session's. */
    boolean unsubscribe(Long id, boolean commands) {
        List<DhSubscription> gone = new ArrayList<>();
        for (DhSubscription s : subscriptions.values()) {
            if (s.commands() == commands && (id == null || s.id() == id)) gone.add(s);
        }
        if (id != null && gone.isEmpty()) return false;
        for (DhSubscription s : gone) {
            subscriptions.remove(s.id());
            stats.subscriptions(s.commands(), -1);
            holding.remove(s.id());
            suffixes.remove(s.id());
        }
        Set<String> still = new HashSet<>();
        for (DhSubscription s : subscriptions.values()) still.addAll(s.topics());
        for (DhSubscription s : gone) for (String t : s.topics()) if (!still.contains(t)) unsubscribe(t);
        return true;
    }

    // ---- fan-out

    @Override
    protected void deliver(Publication p) {
        if (!(p.event() instanceof DeviceEvent e)) return;
        ByteBuf rendered = null;
        for (DhSubscription s : subscriptions.values()) {
            if (!s.matches(e)) continue;
            List<DeviceEvent> held = holding.get(s.id());
            if (held != null) {
                held.add(e);
                continue;
            }
            if (rendered == null) rendered = p.frame(DhEventFormat.INSTANCE);
            if (rendered != null) outbox.sendAround(prefix(e), rendered, suffix(s));
        }
    }

    private static final byte[] COMMAND_INSERT = "{\"action\":\"command/insert\",\"command\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] COMMAND_UPDATE = "{\"action\":\"command/update\",\"command\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOTIFICATION_INSERT = "{\"action\":\"notification/insert\",\"notification\":"
            .getBytes(StandardCharsets.UTF_8);

    /** What comes before the item in a push: {@code {"action":"notification/insert","notification":}. */
    private static byte[] prefix(DeviceEvent e) {
        if (e instanceof DeviceEvent.Command c) return c.updated() ? COMMAND_UPDATE : COMMAND_INSERT;
        return NOTIFICATION_INSERT;
    }

    /** A push of an item rendered here (backlog): no requestId, no status, the subscription id last. */
    private void push(DhSubscription s, DeviceEvent e, String item) {
        outbox.sendAround(prefix(e), WebSocketOutbox.sharedPayload(item.getBytes(StandardCharsets.UTF_8)), suffix(s));
    }

    private byte[] suffix(DhSubscription s) { return suffixes.computeIfAbsent(s.id(), k -> s.suffix()); }

    @Override
    protected void flush() { outbox.flush(); }

    @Override
    public void close(CloseReason reason) { outbox.close(reason.code(), reason.text()); }
}
