package io.chorus.api.mqtt;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;

import java.util.List;

/** The packets the server sends, built for the connection's protocol version (the encoder writes them; PUBLISH: see {@link MqttPublishEncoder}). */
final class MqttPackets {
    private MqttPackets() {}

    /** MQTT 3.x SUBACK failure; MQTT 5 uses specific reason codes instead. */
    static final int SUBACK_FAILURE = 0x80;

    static MqttConnAckMessage connAck(MqttConnectReturnCode code, MqttProperties properties) {
        return new MqttConnAckMessage(header(MqttMessageType.CONNACK, MqttQoS.AT_MOST_ONCE),
                new MqttConnAckVariableHeader(code, false, properties));
    }

    /**
     * What an accepted MQTT 5 client is told about this server: no session is kept, QoS 2 is not offered, nor shared
     * subscriptions or subscription identifiers; the largest packet it may send; the client id it was given.
     */
    static MqttProperties connAckProperties(int maxPacketBytes, String assignedClientId) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, 0));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_QOS, 1));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, maxPacketBytes));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, 0));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 0));
        if (assignedClientId != null) {
            p.add(new MqttProperties.StringProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, assignedClientId));
        }
        return p;
    }

    static MqttSubAckMessage subAck(int packetId, List<Integer> reasonCodes) {
        return new MqttSubAckMessage(header(MqttMessageType.SUBACK, MqttQoS.AT_MOST_ONCE),
                MqttMessageIdVariableHeader.from(packetId), new MqttSubAckPayload(reasonCodes));
    }

    /** UNSUBACK; MQTT 5 has one reason code per filter ({@code reasonCodes} is null for 3.x). */
    static MqttUnsubAckMessage unsubAck(int packetId, List<Short> reasonCodes) {
        return new MqttUnsubAckMessage(header(MqttMessageType.UNSUBACK, MqttQoS.AT_MOST_ONCE),
                MqttMessageIdVariableHeader.from(packetId),
                reasonCodes == null ? null : new MqttUnsubAckPayload(reasonCodes));
    }

    /** PUBACK; the reason code is written for MQTT 5 only (the encoder knows the version). */
    static MqttMessage pubAck(int packetId, MqttReasonCodes.PubAck reason) {
        return new MqttMessage(header(MqttMessageType.PUBACK, MqttQoS.AT_MOST_ONCE),
                new MqttPubReplyMessageVariableHeader(packetId, reason.byteValue(), MqttProperties.NO_PROPERTIES));
    }

    static MqttMessage pingResp() {
        return new MqttMessage(header(MqttMessageType.PINGRESP, MqttQoS.AT_MOST_ONCE));
    }

    /** MQTT 5 only: the server ends the connection and says why. */
    static MqttMessage disconnect(MqttReasonCodes.Disconnect reason) {
        return new MqttMessage(header(MqttMessageType.DISCONNECT, MqttQoS.AT_MOST_ONCE),
                new MqttReasonCodeAndPropertiesVariableHeader(reason.byteValue(), MqttProperties.NO_PROPERTIES));
    }

    private static MqttFixedHeader header(MqttMessageType type, MqttQoS qos) {
        return new MqttFixedHeader(type, false, qos, false, 0);
    }
}
