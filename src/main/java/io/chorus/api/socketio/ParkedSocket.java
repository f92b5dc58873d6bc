package io.chorus.api.socketio;

import io.chorus.fanout.CloseReason;
import io.chorus.fanout.Publication;
import io.chorus.fanout.Session;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A socket whose transport died, kept for the recovery window: still subscribed to its rooms, it collects the
 * recoverable broadcasts it would have received (after the ones recently sent, which may have been lost in flight),
 * up to a bound. Lives on the loop of the connection it came from.
 */
final class ParkedSocket extends Session {
    static final String API = "socketio-parked";

    private final SocketIoServer server;
    private final String id;
    private final String pid;
    private final Namespace namespace;
    private final Set<String> rooms;
    private final Map<String, Object> data;
    private final List<RenderedPacket> kept;
    private final long evictedUpTo;
    private final int limit;
    private final long expiry;
    private boolean overflowed;
    private boolean released;

    ParkedSocket(SocketIoServer server, SocketIoSocket socket, SocketIoSocket.RecentPackets recent) {
        super(socket.connection().shard(), API);
        this.server = server;
        this.id = socket.id();
        this.pid = socket.pid();
        this.namespace = socket.namespace();
        this.rooms = Set.copyOf(socket.roomSet());
        this.data = socket.data();
        this.kept = new ArrayList<>(recent.inOrder());
        this.evictedUpTo = recent.evictedUpTo();
        this.limit = server.recoveryBuffer() * 16;
        opened();
        // Carries the user, so that publications meant for some users only (a private channel's) still reach it.
        if (socket.connection().userId() != null) authenticated(socket.connection().userId(), socket.connection().credential());
        for (String r : rooms) subscribe(socket.namespace().topic(r));
        expiry = Vertx.currentContext().owner().setTimer(server.recoveryWindowMs(), t -> {
            if (server.forget(this)) end();
        });
    }

    String id() { return id; }

    String pid() { return pid; }

    String nsp() { return namespace.name(); }

    Set<String> rooms() { return rooms; }

    Map<String, Object> data() { return data; }

    /**
     * Hands over what the client missed after {@code offset} (-1: it received none) and ends the parking, on this
     * socket's loop; the callback gets null when that cannot be known (too much arrived, or the offset is older
     * than what was kept).
     */
    void release(long offset, Consumer<List<RenderedPacket>> callback) {
        shard().loop().execute(() -> {
            if (released) {
                callback.accept(null);
                return;
            }
            Vertx.currentContext().owner().cancelTimer(expiry);
            boolean known = !overflowed && (offset >= 0 ? offset >= evictedUpTo : evictedUpTo < 0);
            List<RenderedPacket> missed = null;
            if (known) {
                missed = new ArrayList<>();
                for (RenderedPacket r : kept) if (r.offset() > offset) missed.add(r);
            }
            end();
            callback.accept(missed);
        });
    }

    private void end() {
        released = true;
        kept.clear();
        ended();
    }

    @Override
    protected void deliver(Publication p) {
        if (overflowed) return;
        RenderedPacket r = namespace.packetFor(p, id, rooms);
        if (r == null || r.offset() < 0) return;
        if (kept.size() >= limit) {
            overflowed = true;
            kept.clear();
        } else {
            kept.add(r);
        }
    }

    @Override
    protected void flush() {}

    @Override
    public void close(CloseReason reason) {
        if (server.forget(this)) end();
    }
}
