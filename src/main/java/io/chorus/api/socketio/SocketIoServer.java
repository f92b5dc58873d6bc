package io.chorus.api.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.api.socketio.engine.EngineIoServer;
import io.chorus.api.socketio.engine.EngineIoSession;
import io.chorus.api.socketio.parser.SocketIoCodec;
import io.chorus.fanout.Publication;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The Socket.IO server above one Engine.IO endpoint: namespaces, the connections, the broadcast rendering and the
 * sockets parked for connection state recovery.
 */
public final class SocketIoServer implements EngineIoServer.Listener {
    /**
     * Disconnect reasons after which a socket may come back (the client did not leave on purpose). Unlike Node's
     * list, "server shutting down" is absent: parked sockets live in this process's memory and go with it.
     */
    private static final Set<String> RECOVERABLE = Set.of("transport error", "transport close", "forced close",
            "ping timeout", "forced server close");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SocketIoCodec codec;
    private final Consumer<Publication> publisher;
    private final long connectTimeoutMs;
    private final long recoveryWindowMs;
    private final int recoveryBuffer;
    private final BroadcastFormat broadcastFormat = new BroadcastFormat(this);
    private final AtomicLong offsets = new AtomicLong();
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private final Map<String, ParkedSocket> parked = new ConcurrentHashMap<>();
    /** Lower-case names of the handshake headers and query parameters middleware reads; null: all of them. */
    private volatile Set<String> handshakeFields;

    /**
     * @param publisher        where broadcasts go (the broker, which delivers locally and to other nodes)
     * @param recoveryWindowMs how long a disconnected socket can be recovered (0 disables recovery)
     * @param recoveryBuffer   recent broadcasts remembered per socket, for those lost in flight
     */
    public SocketIoServer(ObjectMapper json, Consumer<Publication> publisher, long connectTimeoutMs,
                          long recoveryWindowMs, int recoveryBuffer) {
        this.codec = new SocketIoCodec(json);
        this.publisher = publisher;
        this.connectTimeoutMs = connectTimeoutMs;
        this.recoveryWindowMs = recoveryWindowMs;
        this.recoveryBuffer = Math.max(1, recoveryBuffer);
    }

    /** The namespace of that name, created on first use. */
    public Namespace of(String name) { return namespaces.computeIfAbsent(name, n -> new Namespace(this, n)); }

    Namespace namespace(String name) { return namespaces.get(name); }

    /**
     * Declares the only request headers and query parameters (any case) that this server's middleware reads from a
     * {@link Handshake}; connections then keep just those instead of the whole request. Call before serving.
     */
    public void keepHandshakeFields(String... names) {
        Set<String> lower = new java.util.HashSet<>();
        for (String n : names) lower.add(n.toLowerCase(java.util.Locale.ROOT));
        handshakeFields = Set.copyOf(lower);
    }

    @Override
    public boolean keepsRequestField(String name) {
        Set<String> fields = handshakeFields;
        return fields == null || fields.contains(name);
    }

    @Override
    public EngineIoSession.Handler opened(EngineIoSession session) { return new SocketIoConnection(this, session); }

    SocketIoCodec codec() { return codec; }

    BroadcastFormat broadcastFormat() { return broadcastFormat; }

    /** This node's next recovery offset: one sequence for every recoverable packet, whatever renders it. */
    long nextOffset() { return offsets.incrementAndGet(); }

    long connectTimeoutMs() { return connectTimeoutMs; }

    long recoveryWindowMs() { return recoveryWindowMs; }

    int recoveryBuffer() { return recoveryBuffer; }

    void publish(Publication p) { publisher.accept(p); }

    public int parkedCount() { return parked.size(); }

    boolean isRecoverable(String reason) { return RECOVERABLE.contains(reason); }

    void park(SocketIoSocket socket, SocketIoSocket.RecentPackets recent) {
        parked.put(socket.pid(), new ParkedSocket(this, socket, recent));
    }

    /** The parked socket for that private id and namespace, removed so that only one connection recovers it. */
    ParkedSocket takeParked(String pid, String nsp) {
        ParkedSocket p = parked.get(pid);
        if (p == null || !p.nsp().equals(nsp) || !parked.remove(pid, p)) return null;
        return p;
    }

    boolean forget(ParkedSocket p) { return parked.remove(p.pid(), p); }

    static String newId() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
