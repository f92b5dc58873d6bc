package io.chorus.api.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.chorus.api.socketio.engine.OutboundMessage;
import io.chorus.api.socketio.parser.SocketIoPacket;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A client's membership of one namespace: its events, acknowledgements, rooms and data. Methods run on the
 * connection's event loop; code elsewhere (a virtual thread, say) goes through {@link #onLoop}.
 */
public final class SocketIoSocket {
    private final SocketIoConnection connection;
    private final Namespace namespace;
    private final String id;
    private final String pid;
    private Handshake handshake;
    private final boolean recovered;
    // Tables sized for a typical socket (a few rooms and handlers), not Java's default 16 slots: this is per connection.
    private final Set<String> rooms = new LinkedHashSet<>(4);
    private final Map<String, Object> data;
    // Made on first use: most sockets never wait for an acknowledgement, have a disconnect handler, or have event
    // handlers of their own (a namespace's shared ones, Namespace.on, serve them).
    private Map<String, EventHandler> handlers;
    private List<Consumer<String>> disconnectHandlers;
    private Map<Long, PendingAck> acks;
    private final RecentPackets recent;
    private long nextAckId;
    private boolean connected;
    private List<RenderedPacket> held;

    private record PendingAck(BiConsumer<String, ArrayNode> callback, long timer) {}

    SocketIoSocket(SocketIoConnection connection, Namespace namespace, String id, String pid, Handshake handshake,
                   boolean recovered, Map<String, Object> data) {
        this.connection = connection;
        this.namespace = namespace;
        this.id = id;
        this.pid = pid;
        this.handshake = handshake;
        this.recovered = recovered;
        this.data = data;
        this.recent = pid != null ? new RecentPackets(connection.server().recoveryBuffer()) : null;
    }

    public String id() { return id; }

    public Namespace namespace() { return namespace; }

    public Handshake handshake() { return handshake; }

    /** See {@link Namespace#readsAuthOnlyWhileConnecting}. */
    void forgetAuth() { handshake = handshake.withoutAuth(); }

    /** Whether this socket came back through connection state recovery (with its id, rooms, data and missed packets). */
    public boolean recovered() { return recovered; }

    /** Free-form state kept with the socket (and restored with it on recovery). */
    public Map<String, Object> data() { return data; }

    public Set<String> rooms() { return Collections.unmodifiableSet(rooms); }

    public boolean connected() { return connected; }

    /** The fan-out session (the Engine.IO connection) this socket belongs to. */
    public SocketIoConnection connection() { return connection; }

    public void onLoop(Runnable task) { connection.engine().onLoop(task); }

    public SocketIoSocket on(String event, EventHandler handler) {
        if (handlers == null) handlers = new HashMap<>(4);
        handlers.put(event, handler);
        return this;
    }

    public SocketIoSocket onDisconnect(Consumer<String> handler) {
        if (disconnectHandlers == null) disconnectHandlers = new CopyOnWriteArrayList<>();
        disconnectHandlers.add(handler);
        return this;
    }

    // ---- emitting

    public void emit(String event, JsonNode... args) {
        send(SocketIoPacket.of(SocketIoPacket.Type.EVENT, namespace.name(), eventArray(event, args)));
    }

    /** Emits and waits for the client's acknowledgement; the callback gets (null, args) or ("timeout", null). */
    public void emitWithAck(String event, long timeoutMs, BiConsumer<String, ArrayNode> callback, JsonNode... args) {
        long ackId = nextAckId++;
        long timer = Vertx.currentContext().owner().setTimer(timeoutMs, t -> {
            PendingAck p = acks.remove(ackId);
            if (p != null) p.callback().accept("timeout", null);
        });
        if (acks == null) acks = new HashMap<>(4);
        acks.put(ackId, new PendingAck(callback, timer));
        send(new SocketIoPacket(SocketIoPacket.Type.EVENT, namespace.name(), ackId, eventArray(event, args)));
    }

    private ArrayNode eventArray(String event, JsonNode... args) {
        ArrayNode a = connection.server().codec().json().createArrayNode().add(event);
        for (JsonNode arg : args) a.add(arg);
        return a;
    }

    void send(SocketIoPacket p) {
        if (!connected && p.type() != SocketIoPacket.Type.CONNECT && p.type() != SocketIoPacket.Type.CONNECT_ERROR) return;
        connection.send(p);
    }

    /** Emits to the sockets of a room of this namespace, on every node, except this one. */
    public void toRoom(String room, String event, JsonNode... args) {
        namespace.broadcast(List.of(room), Set.of(id), event, args);
    }

    /** Emits to every other socket of the namespace. */
    public void broadcast(String event, JsonNode... args) {
        namespace.broadcast(List.of(), Set.of(id), event, args);
    }

    // ---- rooms

    public void join(String room) {
        if (rooms.add(room) && connected) connection.subscribe(namespace.topic(room));
    }

    public void leave(String room) {
        if (rooms.remove(room) && connected) connection.unsubscribe(namespace.topic(room));
    }

    /** Leaves the namespace; with {@code close}, ends the whole connection. */
    public void disconnect(boolean close) {
        if (!connected) return;
        send(SocketIoPacket.of(SocketIoPacket.Type.DISCONNECT, namespace.name(), null));
        connection.flush();
        ended("server namespace disconnect");
        if (close) connection.engine().close("forced server close");
    }

    // ---- lifecycle (the connection calls these)

    /** Joins the namespace's own room and this socket's id room, subscribes every room, and replies to CONNECT. */
    void open(boolean holdBroadcasts) {
        connected = true;
        rooms.add("");
        rooms.add(id);
        for (String r : rooms) connection.subscribe(namespace.topic(r));
        if (holdBroadcasts) held = new ArrayList<>();
    }

    void sendConnectReply() {
        JsonNode reply;
        if (connection.engine().protocol() == 3) {
            reply = null;
        } else {
            var o = connection.server().codec().json().createObjectNode().put("sid", id);
            if (pid != null) o.put("pid", pid);
            reply = o;
        }
        send(SocketIoPacket.of(SocketIoPacket.Type.CONNECT, namespace.name(), reply));
    }

    /** Sends what recovery found missing, then the broadcasts that arrived meanwhile (each once). */
    void replay(List<RenderedPacket> missed) {
        long last = -1;
        for (RenderedPacket r : missed) {
            deliverNow(r);
            last = Math.max(last, r.offset());
        }
        List<RenderedPacket> live = held;
        held = null;
        if (live != null) for (RenderedPacket r : live) if (r.offset() < 0 || r.offset() > last) deliverNow(r);
        connection.flush();
    }

    void deliver(RenderedPacket r) {
        if (held != null) held.add(r);
        else deliverNow(r);
    }

    private void deliverNow(RenderedPacket r) {
        connection.engine().send(r.message());
        if (recent != null && r.offset() >= 0) recent.add(r);
    }

    void onEvent(SocketIoPacket p) {
        ArrayNode array = (ArrayNode) p.data();
        String event = array.get(0).asText();
        ArrayNode args = array.deepCopy();
        args.remove(0);
        EventHandler h = handlers == null ? null : handlers.get(event);
        if (h == null) h = namespace.handler(event);
        Ack ack = p.hasAck() ? new AckReply(p.ackId()) : null;
        if (h != null) h.handle(this, args, ack);
    }

    void onAck(SocketIoPacket p) {
        PendingAck pending = acks == null ? null : acks.remove(p.ackId());
        if (pending == null) return;
        Vertx.currentContext().owner().cancelTimer(pending.timer());
        pending.callback().accept(null, (ArrayNode) p.data());
    }

    /** The socket has left (any reason): rooms released, pending acks failed, handlers told. */
    void ended(String reason) {
        if (!connected) return;
        connected = false;
        // The parked socket subscribes before this one lets go: a publisher on another loop checks for interest
        // when it publishes, and must never find the rooms empty in between.
        if (pid != null && connection.server().isRecoverable(reason)) connection.server().park(this, recent);
        connection.removed(this);
        for (String r : rooms) connection.unsubscribe(namespace.topic(r));
        if (acks != null) {
            for (PendingAck p : acks.values()) {
                Vertx.currentContext().owner().cancelTimer(p.timer());
                p.callback().accept("socket has been disconnected", null);
            }
            acks.clear();
        }
        if (disconnectHandlers != null) for (Consumer<String> h : disconnectHandlers) h.accept(reason);
    }

    String pid() { return pid; }

    Set<String> roomSet() { return rooms; }

    /** Replies to one client acknowledgement request, once, from any thread. */
    private final class AckReply implements Ack {
        private final long ackId;
        private boolean sent;

        AckReply(long ackId) { this.ackId = ackId; }

        @Override
        public void send(JsonNode... args) {
            onLoop(() -> {
                if (sent || !connected) return;
                sent = true;
                ArrayNode a = connection.server().codec().json().createArrayNode();
                for (JsonNode arg : args) a.add(arg);
                SocketIoSocket.this.send(new SocketIoPacket(SocketIoPacket.Type.ACK, namespace.name(), ackId, a));
                connection.flush();
            });
        }
    }

    /** The latest recoverable broadcasts sent to this socket, for the ones lost in flight when the transport dies. */
    static final class RecentPackets {
        private final int capacity;
        /** Made on the first broadcast: an idle socket does not carry an empty ring. */
        private RenderedPacket[] ring;
        private int next;
        private int size;
        private long evictedUpTo = -1;

        RecentPackets(int capacity) { this.capacity = capacity; }

        void add(RenderedPacket r) {
            if (ring == null) ring = new RenderedPacket[capacity];
            if (size == ring.length) evictedUpTo = Math.max(evictedUpTo, ring[next].offset());
            else size++;
            ring[next] = r;
            next = (next + 1) % ring.length;
        }

        long evictedUpTo() { return evictedUpTo; }

        List<RenderedPacket> inOrder() {
            List<RenderedPacket> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) out.add(ring[(next - size + i + ring.length) % ring.length]);
            return out;
        }
    }
}
