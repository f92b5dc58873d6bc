package io.chorus.core;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.broker.PublicationCodec;

import java.util.Map;

/** How core events travel between nodes: which event kinds exist, and a mapper that keeps secrets off the bus. */
public final class ClusterWire {
    private ClusterWire() {}

    /** Password hashes and API tokens never leave the node; a sender only needs to be displayed. */
    @JsonIgnoreProperties({"passwordHash", "remoteApiToken"})
    private abstract static class PublicUser {}

    public static ObjectMapper mapper() {
        return new ObjectMapper().addMixIn(User.class, PublicUser.class)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    public static PublicationCodec codec(ObjectMapper mapper) { return codec(mapper, Map.of()); }

    /** With the event kinds that facades publish themselves (a Socket.IO room broadcast, say). */
    public static PublicationCodec codec(ObjectMapper mapper, Map<String, Class<?>> facadeKinds) {
        Map<String, Class<?>> kinds = new java.util.HashMap<>(facadeKinds);
        kinds.put("message", MessageEvent.class);
        kinds.put("message_deleted", MessageDeleted.class);
        kinds.put("channel_created", ChannelCreated.class);
        kinds.put("channel_joined", ChannelJoined.class);
        kinds.put("group_changed", io.chorus.core.conversation.GroupChanged.class);
        kinds.put("conversation_updated", io.chorus.core.conversation.ConversationEvent.Updated.class);
        kinds.put("conversation_archived", io.chorus.core.conversation.ConversationEvent.Archived.class);
        kinds.put("message_received", io.chorus.core.conversation.ConversationEvent.Received.class);
        kinds.put("device_command", io.chorus.core.device.DeviceEvent.Command.class);
        kinds.put("device_notification", io.chorus.core.device.DeviceEvent.Notification.class);
        return new PublicationCodec(mapper, kinds);
    }
}
