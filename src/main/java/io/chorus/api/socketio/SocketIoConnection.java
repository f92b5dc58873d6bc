package io.chorus.api.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.api.socketio.engine.EngineIoPacket;
import io.chorus.api.socketio.engine.EngineIoSession;
import io.chorus.api.socketio.engine.OutboundMessage;
import io.chorus.api.socketio.parser.SocketIoCodec;
import io.chorus.api.socketio.parser.SocketIoFormatException;
import io.chorus.api.socketio.parser.SocketIoPacket;
import io.chorus.fanout.CloseReason;
import io.chorus.fanout.Publication;
import io.chorus.fanout.Session;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One Engine.IO connection seen by Socket.IO: it decodes packets (reassembling binary ones), connects sockets to
 * namespaces through their middleware, routes events and acks to them, and is the fan-out session that receives
 * broadcasts for their rooms.
 */
public final class SocketIoConnection extends Session implements EngineIoSession.Handler {
    public static final String API = "socketio";

    private final SocketIoServer server;
    private final EngineIoSession engine;
    private final SocketIoCodec.Decoder decoder;
    // Sized for one namespace (the usual case), not 16 slots each: this is per connection.
    private final Map<String, SocketIoSocket> sockets = new HashMap<>(2);
    private final Set<String> connecting = new HashSet<>(2);
    /** Until the first namespace is joined (then cancelled: a pending timer is ~110 bytes per connection). */
    private long connectTimer;
    private boolean ended;

    SocketIoConnection(SocketIoServer server, EngineIoSession engine) {
        super(engine.shard(), API);
        this.server = server;
        this.engine = engine;
        this.decoder = new SocketIoCodec.Decoder(server.codec());
        opened();
        if (engine.protocol() == 3) {
            // Socket.IO 2.x clients are connected to "/" at once, without asking.
            connectTimer = -1;
            connect("/", server.codec().json().createObjectNode());
        } else {
            connectTimer = Vertx.currentContext().owner().setTimer(server.connectTimeoutMs(), id -> {
                if (sockets.isEmpty() && connecting.isEmpty()) engine.close("connect timeout");
            });
        }
    }

    SocketIoServer server() { return server; }

    public EngineIoSession engine() { return engine; }

    // ---- from Engine.IO

    @Override
    public void onMessage(String text) {
        try {
            SocketIoPacket p = decoder.text(text);
            if (p != null) onPacket(p);
        } catch (SocketIoFormatException e) {
            engine.close("parse error");
        }
    }

    @Override
    public void onBinary(byte[] data) {
        try {
            SocketIoPacket p = decoder.binary(data);
            if (p != null) onPacket(p);
        } catch (SocketIoFormatException e) {
            engine.close("parse error");
        }
    }

    private void onPacket(SocketIoPacket p) {
        if (p.type() == SocketIoPacket.Type.CONNECT) {
            if (engine.protocol() == 3) {
                QueryStringDecoder q = new QueryStringDecoder(p.nsp());
                ObjectNode auth = server.codec().json().createObjectNode();
                q.parameters().forEach((k, v) -> auth.put(k, v.get(0)));
                connect(q.path(), auth);
            } else {
                connect(p.nsp(), p.data() != null ? p.data() : server.codec().json().createObjectNode());
            }
            return;
        }
        SocketIoSocket socket = sockets.get(p.nsp());
        if (socket == null) return; // packets for a namespace the client has not joined are ignored, as Node does
        switch (p.type()) {
            case DISCONNECT -> socket.ended("client namespace disconnect");
            case EVENT, BINARY_EVENT -> socket.onEvent(p);
            case ACK, BINARY_ACK -> socket.onAck(p);
            default -> engine.close("parse error");
        }
        flush();
    }

    @Override
    public void onClose(String reason) {
        if (connectTimer >= 0) Vertx.currentContext().owner().cancelTimer(connectTimer);
        for (SocketIoSocket s : new ArrayList<>(sockets.values())) s.ended(reason);
        ended = true;
        ended();
    }

    // ---- connecting to a namespace

    private void connect(String nsp, JsonNode auth) {
        if (sockets.containsKey(nsp) || !connecting.add(nsp)) return;
        Namespace ns = server.namespace(nsp);
        if (ns == null) {
            connecting.remove(nsp);
            refuse(nsp, ConnectError.of("Invalid namespace"));
            return;
        }
        Handshake handshake = new Handshake(engine.request(), auth, System.currentTimeMillis());
        String pid = auth.path("pid").isTextual() ? auth.get("pid").asText() : null;
        if (pid != null && ns.recovery() && engine.protocol() == 4) {
            ParkedSocket parked = server.takeParked(pid, nsp);
            if (parked != null) {
                recover(ns, handshake, parked, Offsets.parse(auth.path("offset").asText(null)));
                return;
            }
        }
        admit(ns, handshake);
    }

    /** Runs the middleware, then connects a new socket. */
    private void admit(Namespace ns, Handshake handshake) {
        String id = engine.protocol() == 3 ? (ns.name().equals("/") ? engine.sid() : ns.name() + "#" + engine.sid())
                : SocketIoServer.newId();
        String pid = ns.recovery() && engine.protocol() == 4 ? SocketIoServer.newId() : null;
        SocketIoSocket socket = new SocketIoSocket(this, ns, id, pid, handshake, false, new HashMap<>(4));
        runMiddleware(ns.middlewares(), 0, socket, error -> {
            connecting.remove(ns.name());
            if (engine.isClosed()) return;
            if (error != null) {
                refuse(ns.name(), error);
            } else {
                sockets.put(ns.name(), socket);
                joined();
                socket.open(false);
                socket.sendConnectReply();
                ns.connected(socket);
            }
            flush();
        });
    }

    private void runMiddleware(List<Middleware> chain, int index, SocketIoSocket socket, Consumer<ConnectError> done) {
        if (index == chain.size()) {
            done.accept(null);
            return;
        }
        boolean[] called = {false};
        try {
            chain.get(index).handle(socket, error -> engine.onLoop(() -> {
                if (called[0]) return;
                called[0] = true;
                if (error != null) done.accept(error);
                else runMiddleware(chain, index + 1, socket, done);
            }));
        } catch (RuntimeException e) {
            if (!called[0]) {
                called[0] = true;
                done.accept(ConnectError.of(e.getMessage() != null ? e.getMessage() : "middleware error"));
            }
        }
    }

    /**
     * Restores a parked socket: subscribes its rooms here first (holding what arrives), then takes what the parked
     * one kept on its own loop, then replays it and the held packets in order. Middleware is skipped, as in Node.
     */
    private void recover(Namespace ns, Handshake handshake, ParkedSocket parked, long offset) {
        SocketIoSocket socket = new SocketIoSocket(this, ns, parked.id(), parked.pid(), handshake, true, parked.data());
        for (String r : parked.rooms()) socket.join(r);
        sockets.put(ns.name(), socket);
        joined();
        socket.open(true);
        parked.release(offset, missed -> engine.onLoop(() -> {
            connecting.remove(ns.name());
            if (!socket.connected()) return;
            if (missed == null) {
                // Too much was missed to replay faithfully: the client starts over as a new socket.
                sockets.remove(ns.name());
                socket.ended("recovery failed");
                admit(ns, handshake);
                return;
            }
            socket.sendConnectReply();
            socket.replay(missed);
            ns.connected(socket);
            flush();
        }));
    }

    private void joined() {
        if (connectTimer < 0) return;
        Vertx.currentContext().owner().cancelTimer(connectTimer);
        connectTimer = -1;
    }

    private void refuse(String nsp, ConnectError error) {
        JsonNode data;
        if (engine.protocol() == 3) {
            data = server.codec().json().getNodeFactory().textNode(error.message());
        } else {
            ObjectNode o = server.codec().json().createObjectNode().put("message", error.message());
            if (error.data() != null) o.set("data", error.data());
            data = o;
        }
        send(SocketIoPacket.of(SocketIoPacket.Type.CONNECT_ERROR, nsp, data));
    }

    // ---- sending

    void send(SocketIoPacket p) {
        SocketIoCodec.Encoded e = server.codec().encode(p);
        engine.send(EngineIoPacket.message(e.text()));
        for (byte[] a : e.attachments()) engine.send(EngineIoPacket.binary(a));
    }

    void removed(SocketIoSocket socket) { sockets.remove(socket.namespace().name(), socket); }

    // ---- fan-out

    @Override
    protected void deliver(Publication p) {
        if (p.event() instanceof Broadcast b) {
            SocketIoSocket socket = sockets.get(b.nsp());
            RenderedPacket r = socket == null ? null : socket.namespace().packetFor(p, socket.id(), socket.roomSet());
            if (r != null) socket.deliver(r);
            return;
        }
        for (SocketIoSocket socket : sockets.values()) {
            RenderedPacket r = socket.namespace().packetFor(p, socket.id(), socket.roomSet());
            if (r != null) socket.deliver(r);
        }
    }

    @Override
    public void flush() { engine.flush(); }

    @Override
    public void close(CloseReason reason) {
        engine.onLoop(() -> engine.close(reason == CloseReason.GOING_AWAY ? "server shutting down" : "forced server close"));
    }

    /** Sends one message prepared for many (used by facades that render their own events). */
    public void send(OutboundMessage m) { engine.send(m); }

    boolean isEnded() { return ended; }
}
