package io.chorus.api.socketio.engine;

import io.chorus.fanout.Shard;
import io.chorus.transport.InContext;
import io.chorus.transport.WebSocketConnection;
import io.chorus.transport.WebSocketOutbox;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Engine.IO connection, over HTTP long-polling or WebSocket, possibly upgrading from the first to the second.
 * Every method runs on the owning shard's event loop ({@link #onLoop}), so there are no locks: requests and frames
 * that arrive on other loops are handed over first.
 */
public final class EngineIoSession {
    /** The layer above: Socket.IO, or the conformance echo. Called on the session's loop. */
    public interface Handler {
        void onMessage(String text);

        void onBinary(byte[] data);

        void onClose(String reason);
    }

    private final EngineIoServer server;
    private final String sid;
    private final int protocol;
    private final EngineIoRequest request;
    private final Shard shard;
    private final EngineIoOptions options;
    private final ContextInternal context = (ContextInternal) Vertx.currentContext();
    private final Vertx vertx = context.owner();
    /** Sessions are created on their shard's loop. */
    private final Thread loopThread = Thread.currentThread();
    private Handler handler;
    private boolean closed;

    // polling
    private final List<EngineIoPacket> buffer = new ArrayList<>();
    private PollingResponse pendingGet;
    private final AtomicBoolean posting = new AtomicBoolean();
    private boolean binaryPolling;

    // WebSocket
    private WebSocketConnection ws;
    private WebSocketOutbox outbox;
    private WebSocketConnection probe;
    private boolean probed;
    private long upgradeTimer = -1;

    /** Closes whose final packet a polling client should still receive on its next request. */
    private static final java.util.Set<String> LINGERING = java.util.Set.of("forced close", "forced server close",
            "server shutting down");
    private EngineIoPacket farewell;

    // heartbeat: every session always has one of these armed, so they are Netty's scheduled tasks on the session's
    // loop (a Vert.x timer adds a handler object and an entry in a shared map: ~90 bytes per connection more)
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> timeoutTimer;
    private long timeoutFiresAt;
    private long deadline;

    EngineIoSession(EngineIoServer server, String sid, int protocol, EngineIoRequest request, Shard shard) {
        this.server = server;
        this.sid = sid;
        this.protocol = protocol;
        this.request = request;
        this.shard = shard;
        this.options = server.options();
    }

    public String sid() { return sid; }

    /** 3 (socket.io 2.x clients) or 4. */
    public int protocol() { return protocol; }

    public EngineIoRequest request() { return request; }

    public Shard shard() { return shard; }

    public boolean isClosed() { return closed; }

    public String transport() { return ws != null ? "websocket" : "polling"; }

    /** Runs on this session's loop: at once when already there, otherwise handed over. */
    public void onLoop(Runnable task) {
        if (Thread.currentThread() == loopThread) task.run();
        else shard.loop().execute(task);
    }

    // ---- opening

    void startPolling(HttpServerRequest req, EngineIoServer.Listener listener) {
        binaryPolling = protocol == 3 && req.getParam("b64") == null;
        req.response().putHeader("Content-Type", "text/plain; charset=UTF-8")
                .end(protocol == 3 ? EngineIoCodec.encodePayloadV3(List.of(openPacket(true)))
                        : EngineIoCodec.encode(openPacket(true)));
        heartbeatStart();
        handler = listener.opened(this);
        flush();
    }

    void startWebSocket(WebSocketConnection socket, EngineIoServer.Listener listener) {
        useWebSocket(socket);
        attach(socket);
        if (protocol == 3) {
            // Some v3 clients (the official v3 test suite among them) attach their message listener only after the
            // "open" event; an open packet that arrives in the same read as the 101 response would be missed.
            vertx.setTimer(1, id -> openWebSocket(listener));
        } else {
            openWebSocket(listener);
        }
    }

    private void openWebSocket(EngineIoServer.Listener listener) {
        if (closed) return;
        outbox.send(WebSocketOutbox.shared(EngineIoCodec.encode(openPacket(false)).getBytes(StandardCharsets.UTF_8)));
        heartbeatStart();
        handler = listener.opened(this);
        flush();
    }

    private EngineIoPacket openPacket(boolean canUpgrade) {
        return EngineIoPacket.text(EngineIoPacket.Type.OPEN, "{\"sid\":\"" + sid + "\",\"upgrades\":"
                + (canUpgrade ? "[\"websocket\"]" : "[]") + ",\"pingInterval\":" + options.pingIntervalMs()
                + ",\"pingTimeout\":" + options.pingTimeoutMs() + ",\"maxPayload\":" + options.maxPayload() + "}");
    }

    // ---- sending

    public void send(EngineIoPacket p) {
        if (closed) return;
        if (ws != null) {
            outbox.send(p.isBinary() ? WebSocketOutbox.shared(wsBinary(p.binary()), true)
                    : WebSocketOutbox.shared(EngineIoCodec.encode(p).getBytes(StandardCharsets.UTF_8)));
        } else {
            queue(p);
        }
    }

    /** Sends a message prepared once for many sessions. */
    public void send(OutboundMessage m) {
        if (closed) return;
        if (ws != null) {
            outbox.send(m.textFrame());
            for (ByteBuf f : m.binaryFrames(protocol)) outbox.send(f);
        } else {
            queue(EngineIoPacket.message(m.text()));
            for (byte[] a : m.attachments()) queue(EngineIoPacket.binary(a));
        }
    }

    private void queue(EngineIoPacket p) {
        if (buffer.size() >= options.outboundQueue() * 4) {
            close("transport error");
            return;
        }
        buffer.add(p);
    }

    /** Writes what was queued: one WebSocket flush, or the held polling request answered with everything. */
    public void flush() {
        if (closed) return;
        if (ws != null) {
            outbox.flush();
        } else if (pendingGet != null && !buffer.isEmpty() && !probed) {
            PollingResponse res = pendingGet;
            pendingGet = null;
            respond(res, new ArrayList<>(buffer));
            buffer.clear();
        }
    }

    private void respond(PollingResponse res, List<EngineIoPacket> packets) {
        if (protocol == 3 && binaryPolling && packets.stream().anyMatch(EngineIoPacket::isBinary)) {
            res.binary(EngineIoCodec.encodePayloadV3Binary(packets));
        } else {
            res.text(protocol == 3 ? EngineIoCodec.encodePayloadV3(packets) : EngineIoCodec.encodePayload(packets));
        }
    }

    private byte[] wsBinary(byte[] data) {
        if (protocol != 3) return data;
        byte[] framed = new byte[data.length + 1];
        framed[0] = (byte) EngineIoPacket.Type.MESSAGE.ordinal();
        System.arraycopy(data, 0, framed, 1, data.length);
        return framed;
    }

    // ---- polling requests

    void poll(PollingResponse res) {
        if (farewell != null) {
            respond(res, List.of(farewell));
            farewell = null;
            server.closed(this);
            return;
        }
        if (closed || expired() || ws != null) {
            if (!closed && expired()) close("ping timeout");
            res.fail(EngineIoServer.Failure.BAD_REQUEST);
            return;
        }
        if (pendingGet != null) {
            // A second GET while one is held: the protocol allows one; the held one is told the session is over.
            res.fail(EngineIoServer.Failure.BAD_REQUEST);
            PollingResponse held = pendingGet;
            pendingGet = null;
            respond(held, List.of(EngineIoPacket.CLOSE));
            close("transport error");
            return;
        }
        if (probed) {
            // Mid-upgrade. The client may have sent "5" on the WebSocket just before this request, and that frame
            // may still be on its way from the socket's loop: wait a moment, then answer as the state then says.
            vertx.setTimer(10, id -> {
                if (closed || ws != null) res.fail(EngineIoServer.Failure.BAD_REQUEST);
                else respond(res, List.of(EngineIoPacket.NOOP));
            });
            return;
        }
        pendingGet = res;
        flush();
    }

    /** The client gave up a held GET (the connection closed under it): the session is over. */
    void pollAborted(PollingResponse res) {
        if (pendingGet == res) {
            pendingGet = null;
            close("transport close");
        }
    }

    boolean beginPost() { return posting.compareAndSet(false, true); }

    void post(Buffer body, boolean binary, PollingResponse res) {
        posting.set(false);
        if (closed || expired() || ws != null) {
            if (!closed && expired()) close("ping timeout");
            res.fail(EngineIoServer.Failure.BAD_REQUEST);
            return;
        }
        List<EngineIoPacket> packets;
        try {
            if (protocol == 3) {
                packets = binary ? EngineIoCodec.decodePayloadV3Binary(body.getBytes())
                        : EngineIoCodec.decodePayloadV3(body.toString(StandardCharsets.UTF_8));
            } else {
                packets = EngineIoCodec.decodePayload(body.toString(StandardCharsets.UTF_8));
            }
        } catch (EngineIoFormatException e) {
            res.fail(EngineIoServer.Failure.BAD_REQUEST);
            close("parse error");
            return;
        }
        res.ok();
        for (EngineIoPacket p : packets) {
            if (closed) break;
            received(p);
        }
        flush();
    }

    // ---- WebSocket

    /**
     * Routes a WebSocket's events, on this session's loop, by what the socket is at that moment (a probe, then the
     * transport): the handlers are set once, so no frame can reach a handler that was just replaced.
     */
    private void attach(WebSocketConnection socket) {
        socket.tooBigHandler(() -> {
            socket.close(1009, "message too big");
            onLoop(() -> {
                if (socket == ws) close("transport error");
            });
        });
        socket.textHandler(t -> onLoop(() -> {
            if (socket == ws) websocketText(t);
            else if (socket == probe) probeText(socket, t);
        }));
        socket.binaryHandler(b -> {
            byte[] data = io.netty.buffer.ByteBufUtil.getBytes(b);
            b.release();
            onLoop(() -> {
                if (socket == ws) websocketBinary(data);
                else abandonProbe(socket);
            });
        });
        socket.closeHandler(() -> onLoop(() -> {
            if (socket == ws) close("transport close");
            else abandonProbe(socket);
        }));
    }

    private void useWebSocket(WebSocketConnection socket) {
        ws = socket;
        outbox = new WebSocketOutbox(socket, options.outboundQueue(), () -> close("transport error"), this::onLoop);
    }

    private void websocketText(String text) {
        EngineIoPacket p;
        try {
            p = EngineIoCodec.decode(text);
        } catch (EngineIoFormatException e) {
            close("parse error");
            return;
        }
        received(p);
        flush();
    }

    private void websocketBinary(byte[] data) {
        if (protocol == 3) {
            if (data.length == 0 || data[0] != EngineIoPacket.Type.MESSAGE.ordinal()) {
                close("parse error");
                return;
            }
            data = java.util.Arrays.copyOfRange(data, 1, data.length);
        }
        received(EngineIoPacket.binary(data));
        flush();
    }

    /** A WebSocket for an existing polling session: the probe, then "5" to switch. */
    void upgrade(WebSocketConnection socket) {
        if (closed || ws != null || probe != null) {
            socket.close(1008, "Bad request");
            return;
        }
        probe = socket;
        attach(socket);
        upgradeTimer = vertx.setTimer(options.upgradeTimeoutMs(), id -> abandonProbe(socket));
        socket.resume();
    }

    private void probeText(WebSocketConnection socket, String text) {
        if (probe != socket) return;
        if (text.equals("2probe")) {
            socket.writeText("3probe");
            probed = true;
            if (pendingGet != null) {
                PollingResponse held = pendingGet;
                pendingGet = null;
                respond(held, List.of(EngineIoPacket.NOOP));
            }
        } else if (text.equals("5") && probed) {
            vertx.cancelTimer(upgradeTimer);
            probe = null;
            probed = false;
            if (pendingGet != null) {
                respond(pendingGet, List.of(EngineIoPacket.NOOP));
                pendingGet = null;
            }
            useWebSocket(socket);
            List<EngineIoPacket> waiting = new ArrayList<>(buffer);
            buffer.clear();
            for (EngineIoPacket p : waiting) send(p);
            flush();
        } else {
            abandonProbe(socket);
        }
    }

    private void abandonProbe(WebSocketConnection socket) {
        if (probe != socket) return;
        probe = null;
        probed = false;
        vertx.cancelTimer(upgradeTimer);
        socket.close();
        flush();
    }

    // ---- packets from the client

    private void received(EngineIoPacket p) {
        switch (p.type()) {
            case PING -> {
                if (protocol == 3) {
                    heartbeatReset();
                    send(EngineIoPacket.text(EngineIoPacket.Type.PONG, p.text()));
                }
            }
            case PONG -> {
                if (protocol == 4) heartbeatPong();
            }
            case MESSAGE -> {
                if (protocol == 3) heartbeatReset();
                if (handler == null) return;
                if (p.isBinary()) handler.onBinary(p.binary());
                else handler.onMessage(p.text());
            }
            case CLOSE -> close("forced close");
            case NOOP -> { }
            default -> close("parse error");
        }
    }

    // ---- heartbeat: protocol 4 pings from the server; protocol 3 waits for the client's pings

    private void heartbeatStart() {
        if (protocol == 4) schedulePing();
        else heartbeatReset();
    }

    /** Runs {@code task} on this session's loop, in its Vert.x context, after {@code ms}. */
    private ScheduledFuture<?> schedule(long ms, Runnable task) {
        return context.nettyEventLoop().schedule(() -> InContext.run(context, task), ms, TimeUnit.MILLISECONDS);
    }

    private void schedulePing() {
        pingTimer = schedule(options.pingIntervalMs(), () -> {
            pingTimer = null;
            if (closed) return;
            send(EngineIoPacket.PING);
            flush();
            armTimeout(options.pingTimeoutMs());
        });
    }

    private void heartbeatPong() {
        if (timeoutTimer == null) return;
        timeoutTimer.cancel(false);
        timeoutTimer = null;
        schedulePing();
    }

    private void heartbeatReset() { armTimeout(options.pingIntervalMs() + options.pingTimeoutMs()); }

    /**
     * Moves the deadline. A v3 client resets it with every packet, so the armed timer is kept when it fires no
     * later than the new deadline, and checks the deadline when it does: one timer per heartbeat, not per packet.
     */
    private void armTimeout(long ms) {
        long now = System.currentTimeMillis();
        deadline = now + ms;
        if (timeoutTimer != null && timeoutFiresAt <= deadline) return;
        if (timeoutTimer != null) timeoutTimer.cancel(false);
        timeoutFiresAt = deadline;
        timeoutTimer = schedule(ms, this::timeoutDue);
    }

    private void timeoutDue() {
        long left = deadline - System.currentTimeMillis();
        if (left > 0) {
            timeoutFiresAt = deadline;
            timeoutTimer = schedule(left, this::timeoutDue);
            return;
        }
        timeoutTimer = null;
        close("ping timeout");
    }

    /** A request that arrives after the deadline but before the timer fired still finds the session dead. */
    private boolean expired() { return timeoutTimer != null && System.currentTimeMillis() >= deadline; }

    // ---- closing

    /** Ends the session (idempotent); the layer above hears {@code reason} once. */
    public void close(String reason) {
        if (closed) return;
        closed = true;
        if (pingTimer != null) pingTimer.cancel(false);
        if (timeoutTimer != null) timeoutTimer.cancel(false);
        if (upgradeTimer >= 0) vertx.cancelTimer(upgradeTimer);
        // A client that asked to close gets a noop; otherwise the held request carries the close packet.
        EngineIoPacket last = reason.equals("forced close") ? EngineIoPacket.NOOP : EngineIoPacket.CLOSE;
        if (pendingGet != null) {
            respond(pendingGet, List.of(last));
            pendingGet = null;
            server.closed(this);
        } else if (ws == null && LINGERING.contains(reason)) {
            // No request is held right now (its POST overtook it): the next poll, if it comes soon, gets the news.
            farewell = last;
            vertx.setTimer(Math.min(options.pingTimeoutMs(), 1000), id -> {
                if (farewell != null) {
                    farewell = null;
                    server.closed(this);
                }
            });
        } else {
            server.closed(this);
        }
        if (probe != null) probe.close();
        if (ws != null) {
            outbox.flush();
            outbox.close(reason.equals("transport error") ? 1011 : 1000, reason);
        }
        buffer.clear();
        if (handler != null) handler.onClose(reason);
    }
}
