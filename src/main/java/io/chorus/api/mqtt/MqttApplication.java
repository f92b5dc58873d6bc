package io.chorus.api.mqtt;

import io.chorus.fanout.Publication;

import java.util.List;

/**
 * What an application served over MQTT (Chat21) decides: who may connect, subscribe and publish, what a client's
 * PUBLISH means, and how core events look as MQTT messages for one client. The protocol layer ({@link MqttServer})
 * does everything else: framing, sessions, keepalive, QoS 1 acknowledgements, wills, topic matching.
 */
public interface MqttApplication {

    /** A connected client as the application knows it. */
    interface Principal {
        /** The core user id this connection acts as (its fan-out session is bound to it). */
        String userId();

        /** The token that opened the connection, if any, so that revoking it closes the connection. */
        default String credential() { return null; }
    }

    /** A refused CONNECT. */
    final class Refusal extends Exception {
        public enum Reason { BAD_CREDENTIALS, NOT_AUTHORIZED, SERVER_UNAVAILABLE }

        private final Reason reason;

        public Refusal(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        public Reason reason() { return reason; }
    }

    /**
     * A PUBLISH the application will not take because of what the client sent (a payload that is not what the topic
     * needs, a target it may not use): acknowledged anyway under MQTT 3.1.1, so the client does not send it again and
     * again, and answered with the reason code under MQTT 5. Other failures are the server's and get no such PUBACK.
     */
    final class Rejected extends RuntimeException {
        public enum Reason { PAYLOAD_FORMAT_INVALID, NOT_AUTHORIZED, REFUSED }

        private final Reason reason;

        public Rejected(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        public Reason reason() { return reason; }
    }

    /** Where {@link #deliver} puts its results: MQTT messages for this client, and changes to its core topics. */
    interface Delivery {
        /** Sends to the client if one of its subscriptions matches {@code topic} (at that subscription's QoS). */
        default void publish(String topic, byte[] payload, boolean retain) {
            publish(topic, payload, MqttOutbound.Message.NO_TAIL, retain);
        }

        /**
         * The same for a payload of two parts, {@code head} then {@code tail}, written one after the other into the
         * packet: a head many clients share is rendered once per message, not once per client.
         */
        void publish(String topic, byte[] head, byte[] tail, boolean retain);

        /** The session starts receiving a core fan-out topic (a channel the user was just added to). */
        void follow(String coreTopic);

        /** The session stops receiving a core fan-out topic. */
        void unfollow(String coreTopic);
    }

    /** Off the event loop (may block): the CONNECT's credentials, or a refusal. {@code password} may be null. */
    Principal authenticate(String clientId, String username, byte[] password) throws Refusal;

    /** On the loop: may the client subscribe to this topic filter? */
    boolean maySubscribe(Principal principal, String topicFilter);

    /** On the loop: may the client publish to this topic (also asked for the will topic at CONNECT)? */
    boolean mayPublish(Principal principal, String topic);

    /**
     * Off the loop (may block): a PUBLISH from the client, or its will when it went away without DISCONNECT. Returns
     * once the publish holds its place (the connection's next PUBLISH is handled after it and lands after it), with a
     * stage that completes when it is handled (durable): a QoS 1 PUBACK waits for that stage, and PUBACKs leave in
     * order. Returning before durability lets one connection's publishes share a group commit. A failure (thrown, or
     * of the stage) is logged: for QoS 1, no PUBACK in MQTT 3.1.1, a PUBACK with an error reason code in MQTT 5.
     */
    java.util.concurrent.CompletionStage<Void> published(Principal principal, String topic, byte[] payload, boolean retain);

    /** The core fan-out topics a newly connected session listens to (its user topic, its channels). */
    List<String> coreTopics(Principal principal);

    /** On the loop, must not block: what a core event means for this client. */
    void deliver(Principal principal, Publication publication, Delivery out);

    /** Off the loop (may block): retained messages whose topics match a new subscription's filter. */
    List<Retained> retained(Principal principal, String topicFilter);

    /** A retained message: its topic and payload. */
    record Retained(String topic, byte[] payload) {}
}
