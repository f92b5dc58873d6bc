package io.chorus.api.mqtt;

import io.chorus.fanout.CloseReason;
import io.chorus.fanout.Publication;
import io.chorus.fanout.Session;
import io.chorus.fanout.Shard;
import io.chorus.transport.OffLoop;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption.RetainedHandlingPolicy;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One MQTT client connection (MQTT 3.1, 3.1.1 and 5), over TCP or WebSocket alike, and the fan-out session that
 * receives the core events the application turns into its messages.
 * <p>
 * Packets are handled one at a time, in arrival order: while the application works off the loop (authenticate,
 * published, retained), later packets wait, so a SUBSCRIBE sent after a PUBLISH is seen after it. A PUBLISH waits
 * only until the application says it holds its place; its PUBACK waits until it is handled (durable), and PUBACKs
 * leave in PUBLISH order. At most 64 publishes are in flight, and when many packets wait, the socket stops being read.
 * <p>
 * Limits, by design: QoS 2 is refused (MQTT 5 CONNACK says Maximum QoS 1); no session outlives its connection, so
 * Session Present is always 0 and MQTT 5 clients are told Session Expiry Interval 0 (a 3.1.1 client asking for a
 * persistent session gets a fresh one each time, and unacknowledged QoS 1 messages are lost with the connection);
 * no shared subscriptions, subscription identifiers, topic aliases or enhanced authentication; MQTT 5 "no local" is
 * not applied (deliveries come from core events, which do not say which connection published). A client id is
 * unique per user on this node: a second CONNECT with it takes the first one's place (MQTT-3.1.4-2), and the old
 * connection's will is published as for any end without DISCONNECT.
 * <p>
 * Everything runs on the connection's event loop, except the application's blocking calls.
 */
final class MqttConnection extends Session implements MqttTransport.Listener, MqttApplication.Delivery, MqttOutbound.Sink {
    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
    /** Decoded packets waiting for their turn before the socket stops being read. */
    private static final int PAUSE_READING_AT = 32;
    /** Publishes handed to the application and not yet handled (durable): beyond this, packets wait (as Diode's 64). */
    private static final int MAX_PUBLISHES_IN_FLIGHT = 64;

    private enum State { AWAITING_CONNECT, AUTHENTICATING, CONNECTED, CLOSING, CLOSED }

    /** The message published for the client when it goes away without DISCONNECT. */
    private record Will(String topic, byte[] payload, boolean retain) {}

    /** What the application said about a CONNECT, off the loop. */
    private record Admission(MqttApplication.Principal principal, List<String> coreTopics) {}

    private final MqttServer server;
    private final MqttApplication app;
    private final MqttTransport transport;
    private final MqttCodec codec;
    private final MqttOutbound outbound;
    private final MqttSubscriptions subscriptions = new MqttSubscriptions();
    private final ArrayDeque<MqttMessage> inbound = new ArrayDeque<>(MqttOutbound.IDLE_CAPACITY);
    private final MqttPublishAcks publishAcks = new MqttPublishAcks();
    /**
     * Core topics the application followed or unfollowed during a delivery batch, in order, applied after it (see
     * flush). Made on the first change: most connections never have one after they connect.
     */
    private List<TopicChange> topicChanges;
    private final long openedAt = System.currentTimeMillis();
    private State state = State.AWAITING_CONNECT;
    private boolean busy;
    private boolean paused;
    private boolean v5;
    private String clientId;
    private MqttApplication.Principal principal;
    private Will will;
    private long keepAliveMillis;
    private long lastReceived = openedAt;
    private int clientMaxPacketBytes = Integer.MAX_VALUE;

    MqttConnection(MqttServer server, Shard shard, MqttTransport transport) {
        super(shard, MqttServer.API);
        this.server = server;
        this.app = server.application();
        this.transport = transport;
        this.codec = transport.installCodec(server.options().maxPacketBytes());
        this.outbound = new MqttOutbound(server.options().maxInflight(), server.options().maxQueuedMessages());
    }

    /** On the connection's loop: registers the session and starts reading. */
    void start() {
        opened();
        transport.start(this);
    }

    // ---- bytes in

    @Override
    public void received(ByteBuf bytes) {
        if (ending()) {
            bytes.release();
            return;
        }
        lastReceived = System.currentTimeMillis();
        codec.decode(bytes, this::enqueue);
        process();
    }

    private void enqueue(MqttMessage packet) {
        inbound.add(packet);
        if (inbound.size() >= PAUSE_READING_AT && !paused) {
            paused = true;
            transport.pause();
        }
    }

    /** Handles waiting packets until one needs the application off the loop; then flushes the replies. */
    private void process() {
        MqttMessage packet;
        while (!busy && !ending() && publishAcks.inFlight() < MAX_PUBLISHES_IN_FLIGHT && (packet = inbound.poll()) != null) {
            try {
                handle(packet);
            } catch (RuntimeException e) {
                log.warn("MQTT client {}: packet handling failed", clientId, e);
                violation(MqttReasonCodes.Disconnect.UNSPECIFIED_ERROR);
            } finally {
                ReferenceCountUtil.release(packet);
            }
        }
        if (paused && inbound.isEmpty() && !ending()) {
            paused = false;
            transport.resume();
        }
        codec.flush();
    }

    private void handle(MqttMessage packet) {
        if (packet.decoderResult().isFailure()) {
            undecodable(packet.decoderResult().cause());
            return;
        }
        var type = packet.fixedHeader().messageType();
        if (state == State.AWAITING_CONNECT) {
            // MQTT-3.1.0-1: the first packet must be CONNECT; anything else is closed on without a word.
            if (type == io.netty.handler.codec.mqtt.MqttMessageType.CONNECT) onConnect((MqttConnectMessage) packet);
            else shutdown(false);
            return;
        }
        switch (type) {
            case PUBLISH -> onPublish((MqttPublishMessage) packet);
            case PUBACK -> onPubAck(((MqttMessageIdVariableHeader) packet.variableHeader()).messageId());
            case SUBSCRIBE -> onSubscribe((MqttSubscribeMessage) packet);
            case UNSUBSCRIBE -> onUnsubscribe((MqttUnsubscribeMessage) packet);
            case PINGREQ -> reply(MqttPackets.pingResp());
            case DISCONNECT -> onDisconnect(packet);
            // A second CONNECT (MQTT-3.1.0-2), QoS 2 flows we never started, AUTH we never offered, server packets.
            default -> violation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR);
        }
    }

    private void undecodable(Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            violation(MqttReasonCodes.Disconnect.PACKET_TOO_LARGE);
        } else if (state == State.AWAITING_CONNECT && cause instanceof MqttUnacceptableProtocolVersionException) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
        } else if (state == State.AWAITING_CONNECT && cause instanceof MqttIdentifierRejectedException) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED); // MQTT 3.1's 23-character limit
        } else {
            violation(MqttReasonCodes.Disconnect.MALFORMED_PACKET);
        }
    }

    // ---- CONNECT

    private void onConnect(MqttConnectMessage connect) {
        var header = connect.variableHeader();
        var payload = connect.payload();
        v5 = MqttVersion.fromProtocolNameAndLevel(header.name(), (byte) header.version()) == MqttVersion.MQTT_5;
        keepAliveMillis = header.keepAliveTimeSeconds() * 1000L;
        String assigned = null;
        clientId = payload.clientIdentifier();
        if (clientId == null || clientId.isEmpty()) {
            // MQTT-3.1.3-8: a 3.1.1 client without an id must ask for a clean session.
            if (!v5 && !header.isCleanSession()) {
                refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
                return;
            }
            clientId = assigned = server.newClientId();
        }
        if (v5) {
            MqttProperties props = header.properties();
            if (props.getProperty(MqttProperties.AUTHENTICATION_METHOD) != null) {
                refuse(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD);
                return;
            }
            if (props.getProperty(MqttProperties.RECEIVE_MAXIMUM) instanceof MqttProperties.IntegerProperty p) {
                outbound.limitWindow(p.value());
            }
            if (props.getProperty(MqttProperties.MAXIMUM_PACKET_SIZE) instanceof MqttProperties.IntegerProperty p) {
                clientMaxPacketBytes = p.value();
            }
        }
        Will offered = null;
        if (header.isWillFlag()) {
            if (v5 && header.willQos() > 1) {
                refuse(MqttConnectReturnCode.CONNECTION_REFUSED_QOS_NOT_SUPPORTED);
                return;
            }
            offered = new Will(payload.willTopic(), payload.willMessageInBytes(), header.isWillRetain());
        }
        state = State.AUTHENTICATING;
        busy = true;
        String id = clientId;
        String username = payload.userName();
        byte[] password = payload.passwordInBytes();
        Will willOffered = offered;
        String assignedId = assigned;
        OffLoop.call(server.blocking(), () -> {
            MqttApplication.Principal p = app.authenticate(id, username, password);
            return new Admission(p, app.coreTopics(p));
        }).onComplete(ar -> {
            busy = false;
            if (ending()) return;
            if (ar.succeeded()) accept(ar.result(), willOffered, assignedId);
            else refuse(ar.cause());
            process();
        });
    }

    private void accept(Admission admission, Will offered, String assignedClientId) {
        principal = admission.principal();
        if (offered != null && MqttTopics.isValidTopicName(offered.topic()) && app.mayPublish(principal, offered.topic())) {
            will = offered;
        }
        MqttConnection previous = server.claimClientId(principal.userId(), clientId, this);
        if (previous != null) previous.shard().loop().execute(previous::takenOver);
        authenticated(principal.userId(), principal.credential());
        for (String topic : admission.coreTopics()) subscribe(topic);
        state = State.CONNECTED;
        lastReceived = System.currentTimeMillis();
        MqttProperties props = v5 ? MqttPackets.connAckProperties(server.options().maxPacketBytes(), assignedClientId)
                : MqttProperties.NO_PROPERTIES;
        reply(MqttPackets.connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED, props));
    }

    private void refuse(Throwable cause) {
        MqttApplication.Refusal.Reason reason = MqttApplication.Refusal.Reason.SERVER_UNAVAILABLE;
        if (cause instanceof MqttApplication.Refusal r) reason = r.reason();
        else log.warn("MQTT client {}: authentication failed", clientId, cause);
        refuse(switch (reason) {
            case BAD_CREDENTIALS -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                    : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
            case NOT_AUTHORIZED -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            case SERVER_UNAVAILABLE -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        });
    }

    private void refuse(MqttConnectReturnCode code) {
        reply(MqttPackets.connAck(code, MqttProperties.NO_PROPERTIES));
        shutdown(false);
    }

    /** Another connection of the same user and client id was accepted (possibly on another loop). */
    private void takenOver() {
        if (ending()) return;
        if (v5) reply(MqttPackets.disconnect(MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER));
        shutdown(true);
    }

    // ---- PUBLISH, SUBSCRIBE, UNSUBSCRIBE, PUBACK, DISCONNECT

    private void onPublish(MqttPublishMessage publish) {
        int qos = publish.fixedHeader().qosLevel().value();
        if (qos > 1) {
            violation(MqttReasonCodes.Disconnect.QOS_NOT_SUPPORTED);
            return;
        }
        var header = publish.variableHeader();
        if (v5 && header.properties().getProperty(MqttProperties.TOPIC_ALIAS) != null) {
            violation(MqttReasonCodes.Disconnect.TOPIC_ALIAS_INVALID); // we said Topic Alias Maximum 0
            return;
        }
        String topic = header.topicName();
        if (!MqttTopics.isValidTopicName(topic)) {
            violation(MqttReasonCodes.Disconnect.TOPIC_NAME_INVALID);
            return;
        }
        int packetId = header.packetId();
        if (!app.mayPublish(principal, topic)) {
            // Dropped. MQTT 3.1.1 has no way to say so: acknowledging QoS 1 anyway (as common brokers do) keeps the
            // client from resending it forever; MQTT 5 says Not Authorized in the PUBACK.
            if (qos == 1) reply(MqttPackets.pubAck(packetId, MqttReasonCodes.PubAck.NOT_AUTHORIZED));
            return;
        }
        byte[] payload = ByteBufUtil.getBytes(publish.payload());
        boolean retain = publish.fixedHeader().isRetain();
        MqttApplication.Principal p = principal;
        busy = true;
        OffLoop.call(server.blocking(), () -> app.published(p, topic, payload, retain).toCompletableFuture()).onComplete(ar -> {
            // The publish holds its place: the next packet may go ahead while this one becomes durable.
            busy = false;
            if (ending()) return;
            CompletableFuture<Void> handled = ar.succeeded() ? ar.result() : CompletableFuture.failedFuture(ar.cause());
            publishAcks.add(packetId, qos, topic, handled);
            handled.whenComplete((v, e) -> shard().loop().execute(this::sendReadyAcks));
            process();
        });
    }

    /** On the loop: PUBACKs of the publishes handled so far, in order; then the packets held back meanwhile. */
    private void sendReadyAcks() {
        if (ending()) return;
        if (publishAcks.acknowledgeHandled(v5, clientId, this::reply)) process(); // process() flushes the PUBACKs
    }

    private void onPubAck(int packetId) {
        // An unknown id is a client bug that costs us nothing: ignore it rather than drop the client.
        if (outbound.acknowledged(packetId)) outbound.pump(this);
    }

    private void onSubscribe(MqttSubscribeMessage subscribe) {
        List<Integer> codes = new ArrayList<>();
        List<String> wantRetained = new ArrayList<>();
        for (MqttTopicSubscription s : subscribe.payload().topicSubscriptions()) {
            String filter = s.topicFilter();
            boolean existed = subscriptions.contains(filter);
            int code = admitSubscription(filter, s.option().qos().value(), s.option().isRetainAsPublished(), existed);
            codes.add(code);
            RetainedHandlingPolicy policy = s.option().retainHandling();
            boolean sendRetained = policy == RetainedHandlingPolicy.SEND_AT_SUBSCRIBE
                    || policy == RetainedHandlingPolicy.SEND_AT_SUBSCRIBE_IF_NOT_YET_EXISTS && !existed;
            if (code <= 1 && sendRetained) wantRetained.add(filter);
        }
        reply(MqttPackets.subAck(subscribe.variableHeader().messageId(), codes));
        if (!wantRetained.isEmpty()) sendRetained(wantRetained);
    }

    /** The granted QoS, or the reason the filter was refused. */
    private int admitSubscription(String filter, int requestedQos, boolean retainAsPublished, boolean existed) {
        if (MqttTopics.isShared(filter)) {
            return v5 ? MqttReasonCodes.SubAck.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED.byteValue() & 0xFF : MqttPackets.SUBACK_FAILURE;
        }
        if (!MqttTopics.isValidFilter(filter)) {
            return v5 ? MqttReasonCodes.SubAck.TOPIC_FILTER_INVALID.byteValue() & 0xFF : MqttPackets.SUBACK_FAILURE;
        }
        if (!existed && subscriptions.size() >= server.options().maxSubscriptions()) {
            return v5 ? MqttReasonCodes.SubAck.QUOTA_EXCEEDED.byteValue() & 0xFF : MqttPackets.SUBACK_FAILURE;
        }
        if (!app.maySubscribe(principal, filter)) {
            return v5 ? MqttReasonCodes.SubAck.NOT_AUTHORIZED.byteValue() & 0xFF : MqttPackets.SUBACK_FAILURE;
        }
        int qos = Math.min(requestedQos, 1);
        subscriptions.put(filter, new MqttSubscriptions.Grant(qos, v5 && retainAsPublished));
        return qos;
    }

    /** The retained messages of newly granted filters, after their SUBACK, with the retain flag set. */
    private void sendRetained(List<String> filters) {
        MqttApplication.Principal p = principal;
        busy = true;
        OffLoop.call(server.blocking(), () -> {
            List<List<MqttApplication.Retained>> found = new ArrayList<>();
            for (String f : filters) found.add(app.retained(p, f));
            return found;
        }).onComplete(ar -> {
            busy = false;
            if (ending()) return;
            if (ar.failed()) {
                log.warn("MQTT client {}: retained messages unavailable", clientId, ar.cause());
            } else {
                for (int i = 0; i < filters.size() && !ending(); i++) {
                    String filter = filters.get(i);
                    var grant = subscriptions.get(filter);
                    if (grant == null) continue;
                    int qos = grant.qos();
                    for (MqttApplication.Retained r : ar.result().get(i)) {
                        if (MqttTopics.matches(filter, r.topic())) send(new MqttOutbound.Message(r.topic(), r.payload(), qos, true));
                    }
                }
            }
            process();
        });
    }

    private void onUnsubscribe(MqttUnsubscribeMessage unsubscribe) {
        List<Short> codes = new ArrayList<>();
        for (String filter : unsubscribe.payload().topics()) {
            boolean removed = subscriptions.remove(filter);
            codes.add((short) (removed ? MqttReasonCodes.UnsubAck.SUCCESS.byteValue()
                    : MqttReasonCodes.UnsubAck.NO_SUBSCRIPTION_EXISTED.byteValue()));
        }
        reply(MqttPackets.unsubAck(unsubscribe.variableHeader().messageId(), v5 ? codes : null));
    }

    private void onDisconnect(MqttMessage disconnect) {
        // MQTT 5 lets the client ask for its will anyway (reason 0x04); otherwise a DISCONNECT discards it.
        boolean keepWill = v5 && disconnect.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h
                && h.reasonCode() == MqttReasonCodes.Disconnect.DISCONNECT_WITH_WILL_MESSAGE.byteValue();
        shutdown(keepWill);
    }

    // ---- messages out

    @Override
    protected void deliver(Publication publication) {
        if (state != State.CONNECTED) return;
        try {
            app.deliver(principal, publication, this);
        } catch (RuntimeException e) {
            log.warn("MQTT client {}: delivery failed", clientId, e);
        }
    }

    /** Delivery: a message for this client if one of its filters matches. */
    @Override
    public void publish(String topic, byte[] head, byte[] tail, boolean retain) {
        if (state != State.CONNECTED) return;
        var grant = subscriptions.match(topic);
        // MQTT-3.3.1-9: a live message goes out with retain 0, unless an MQTT 5 filter asked "retain as published".
        if (grant != null) send(new MqttOutbound.Message(topic, head, tail, grant.qos(), retain && grant.retainAsPublished()));
    }

    /** Delivery: the fan-out shard is iterating its subscriber sets now, so topic changes wait for {@link #flush}. */
    @Override
    public void follow(String coreTopic) { changeTopic(coreTopic, true); }

    @Override
    public void unfollow(String coreTopic) { changeTopic(coreTopic, false); }

    private record TopicChange(String topic, boolean follow) {}

    private void changeTopic(String coreTopic, boolean follow) {
        if (topicChanges == null) topicChanges = new ArrayList<>(2);
        topicChanges.add(new TopicChange(coreTopic, follow));
    }

    private void send(MqttOutbound.Message message) {
        if (!outbound.offer(message)) {
            close(CloseReason.SLOW_CONSUMER);
            return;
        }
        outbound.pump(this);
    }

    @Override
    protected void flush() {
        if (topicChanges != null) applyTopicChanges();
        if (!ending()) codec.flush();
    }

    private void applyTopicChanges() {
        List<TopicChange> changes = topicChanges;
        topicChanges = null;
        if (state != State.CONNECTED) return;
        for (TopicChange c : changes) {
            if (c.follow()) subscribe(c.topic());
            else unsubscribe(c.topic());
        }
    }

    @Override
    public boolean ready() { return transport.isWritable(); }

    @Override
    public void send(MqttOutbound.Message m, int packetId) {
        int topicBytes = io.netty.buffer.ByteBufUtil.utf8Bytes(m.topic());
        if (MqttPublishEncoder.size(topicBytes, m.payloadBytes(), m.qos(), v5) > clientMaxPacketBytes) {
            // MQTT 5 §3.1.2.11.4: a packet larger than the client accepts is discarded as if delivered.
            if (packetId != 0) outbound.release(packetId);
            return;
        }
        codec.write(MqttPublishEncoder.encode(io.netty.buffer.ByteBufAllocator.DEFAULT, m.topic(), topicBytes, m.head(),
                m.tail(), m.qos(), m.retain(), packetId, v5));
    }

    @Override
    public void writable() {
        if (state != State.CONNECTED) return;
        outbound.pump(this);
        codec.flush();
    }

    private void reply(MqttMessage packet) {
        codec.write(packet);
    }

    // ---- ending

    @Override
    protected void heartbeat(long now) {
        if (ending()) return;
        if (state != State.CONNECTED) {
            if (now - openedAt > server.options().connectTimeout().toMillis()) shutdown(false);
        } else if (keepAliveMillis > 0 && now - lastReceived > keepAliveMillis * 3 / 2) {
            // MQTT-3.1.2-24: nothing within one and a half keep-alive periods means the client is gone.
            if (v5) reply(MqttPackets.disconnect(MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT));
            shutdown(true);
        }
    }

    /** The server ends the session (slow consumer, revoked token, shutdown, idle); the will is published. */
    @Override
    public void close(CloseReason reason) {
        if (ending()) return;
        if (v5 && state == State.CONNECTED) reply(MqttPackets.disconnect(disconnectReason(reason)));
        shutdown(true);
    }

    private static MqttReasonCodes.Disconnect disconnectReason(CloseReason reason) {
        if (reason == CloseReason.SLOW_CONSUMER) return MqttReasonCodes.Disconnect.QUOTA_EXCEEDED;
        if (reason == CloseReason.GOING_AWAY) return MqttReasonCodes.Disconnect.SERVER_SHUTTING_DOWN;
        if (reason == CloseReason.CREDENTIAL_REVOKED) return MqttReasonCodes.Disconnect.ADMINISTRATIVE_ACTION;
        if (reason == CloseReason.IDLE) return MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT;
        return MqttReasonCodes.Disconnect.UNSPECIFIED_ERROR;
    }

    /** The client broke the protocol: MQTT 5 is told why (once connected, as the spec allows), then the socket closes. */
    private void violation(MqttReasonCodes.Disconnect reason) {
        if (v5 && state == State.CONNECTED) reply(MqttPackets.disconnect(reason));
        shutdown(true);
    }

    /**
     * Stops handling the client and closes the socket after what was written. Cleanup waits for the socket's close
     * event ({@link #closed}): this may run inside a fan-out delivery, while the shard iterates its subscribers.
     */
    private void shutdown(boolean publishWill) {
        if (ending()) return;
        if (!publishWill) will = null;
        state = State.CLOSING;
        codec.flush();
        transport.close();
    }

    @Override
    public void closed() {
        if (state == State.CLOSED) return;
        state = State.CLOSED;
        if (principal != null) server.releaseClientId(principal.userId(), clientId, this);
        ended();
        outbound.clear();
        publishAcks.clear();
        for (MqttMessage m : inbound) ReferenceCountUtil.release(m);
        inbound.clear();
        Will w = will;
        will = null;
        if (w != null && principal != null) publishWill(principal, w);
    }

    private void publishWill(MqttApplication.Principal p, Will w) {
        server.blocking().execute(() -> {
            try {
                app.published(p, w.topic(), w.payload(), w.retain()).toCompletableFuture().join();
            } catch (Exception e) {
                log.warn("MQTT client {}: will to {} failed", clientId, w.topic(), e);
            }
        });
    }

    private boolean ending() { return state == State.CLOSING || state == State.CLOSED; }
}
