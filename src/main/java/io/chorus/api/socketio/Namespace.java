package io.chorus.api.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.chorus.api.socketio.parser.SocketIoCodec;
import io.chorus.api.socketio.parser.SocketIoPacket;
import io.chorus.fanout.Publication;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A Socket.IO namespace: its middleware, what happens when a socket connects, and broadcasting to its rooms. Rooms
 * are fan-out topics, so a broadcast reaches the namespace's sockets on every node, encoded once per node.
 */
public final class Namespace {
    private final SocketIoServer server;
    private final String name;
    private final List<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final List<Consumer<SocketIoSocket>> connectionHandlers = new CopyOnWriteArrayList<>();
    private final Map<String, EventHandler> eventHandlers = new ConcurrentHashMap<>();
    private volatile boolean recovery;
    private volatile boolean authOnlyWhileConnecting;
    private volatile Function<String, String> roomTopics;
    private volatile EventFormat events;
    /** The topic of the namespace's own room (""), which every socket joins: one string, not one per socket. */
    private final String ownRoomTopic;

    Namespace(SocketIoServer server, String name) {
        this.server = server;
        this.name = name;
        this.ownRoomTopic = "sio:" + name + "#";
    }

    public String name() { return name; }

    SocketIoServer server() { return server; }

    /**
     * Maps some rooms to topics of their own (a chat namespace maps a channel's room to the core channel topic, so
     * its sockets hear what any API publishes there); the function returns null for an ordinary room.
     */
    public Namespace roomTopics(Function<String, String> mapping) {
        this.roomTopics = mapping;
        return this;
    }

    /** How this namespace shows events published by the rest of Chorus to its rooms' topics. */
    public Namespace events(EventFormat format) {
        this.events = format;
        return this;
    }

    public Namespace use(Middleware m) {
        middlewares.add(m);
        return this;
    }

    public Namespace onConnection(Consumer<SocketIoSocket> handler) {
        connectionHandlers.add(handler);
        return this;
    }

    /**
     * Handles an event from any socket of this namespace. The same as {@link SocketIoSocket#on} in every connection
     * handler, but kept once for the namespace rather than in a map per socket; a socket's own handler for the event
     * comes first.
     */
    public Namespace on(String event, EventHandler handler) {
        eventHandlers.put(event, handler);
        return this;
    }

    EventHandler handler(String event) { return eventHandlers.get(event); }

    /**
     * Connection state recovery: broadcasts carry an offset, and a client that lost its connection gets its id,
     * rooms, data and the broadcasts it missed back when it returns within the server's recovery window.
     */
    public Namespace enableRecovery() {
        recovery = true;
        return this;
    }

    public boolean recovery() { return recovery && server.recoveryWindowMs() > 0; }

    /**
     * Declares that only this namespace's middleware and connection handlers read the CONNECT packet's auth payload:
     * once they have run, a socket lets it go, and later readers of {@code handshake().auth()} find a missing node.
     * Node keeps the payload for the socket's life; a namespace that holds many idle sockets (a chat's, whose payload
     * is a token and a channel list: ~0.4 KB each) need not.
     */
    public Namespace readsAuthOnlyWhileConnecting() {
        authOnlyWhileConnecting = true;
        return this;
    }

    List<Middleware> middlewares() { return middlewares; }

    void connected(SocketIoSocket socket) {
        for (Consumer<SocketIoSocket> h : connectionHandlers) h.accept(socket);
        if (authOnlyWhileConnecting) socket.forgetAuth();
    }

    /** The fan-out topic of a room of this namespace; the namespace itself is the room "". */
    String topic(String room) {
        Function<String, String> mapping = roomTopics;
        String mapped = mapping == null ? null : mapping.apply(room);
        if (mapped != null) return mapped;
        return room.isEmpty() ? ownRoomTopic : ownRoomTopic + room;
    }

    /** Whether {@code topic} is {@link #topic}{@code (room)}, without building the name (this runs per delivery). */
    private boolean isTopicOf(String topic, String room) {
        Function<String, String> mapping = roomTopics;
        String mapped = mapping == null ? null : mapping.apply(room);
        if (mapped != null) return mapped.equals(topic);
        return topic.length() == ownRoomTopic.length() + room.length() && topic.startsWith(ownRoomTopic)
                && topic.endsWith(room);
    }

    /** What a socket of this namespace (with these rooms) sends for a publication, or null if nothing. */
    RenderedPacket packetFor(Publication p, String socketId, Set<String> rooms) {
        if (p.event() instanceof Broadcast b) {
            if (!b.nsp().equals(name) || b.except().contains(socketId)) return null;
            return p.frame(server.broadcastFormat());
        }
        EventFormat format = events;
        if (format == null) return null;
        List<String> topics = p.topics();
        // Rooms named as their own topic (the chat's channel and user rooms) are found without iterating the rooms:
        // this runs per delivery, and an iterator per call was most of what the match allocated.
        for (int i = 0; i < topics.size(); i++) {
            String t = topics.get(i);
            if (rooms.contains(t) && isTopicOf(t, t)) return p.frame(format);
        }
        for (String r : rooms) {
            for (int i = 0; i < topics.size(); i++) if (isTopicOf(topics.get(i), r)) return p.frame(format);
        }
        return null;
    }

    /** Emits to every socket in the given rooms (all of the namespace when empty), except the listed socket ids. */
    public void broadcast(Collection<String> rooms, Set<String> except, String event, JsonNode... args) {
        ArrayNode data = server.codec().json().createArrayNode().add(event);
        for (JsonNode a : args) data.add(a);
        SocketIoCodec.Encoded e = server.codec().encode(SocketIoPacket.of(SocketIoPacket.Type.EVENT, name, data));
        List<String> topics = new ArrayList<>();
        if (rooms.isEmpty()) topics.add(topic(""));
        for (String r : rooms) topics.add(topic(r));
        Broadcast b = new Broadcast(name, e.text(), e.attachments(), except, recovery());
        server.publish(new Publication(topics, null, b));
    }

    public void emit(String event, JsonNode... args) { broadcast(List.of(), Set.of(), event, args); }

    public void to(String room, String event, JsonNode... args) { broadcast(List.of(room), Set.of(), event, args); }
}
