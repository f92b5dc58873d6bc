package io.chorus.broker;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.chorus.fanout.Publication;

import java.util.List;
import java.util.function.Consumer;

/**
 * Carries what one node accepts to the hubs of every node: publications, and the control events that must reach
 * sessions wherever they are connected. In-process by default; a networked implementation spans nodes. Every
 * call applies to this node at once and reaches the other nodes as soon as the network allows.
 */
public interface Broker extends AutoCloseable {

    /**
     * Starts taking what other nodes send. Their publications go to this node's hub; their control events go to
     * {@code fromOtherNodes}, which applies those the hub cannot (directory changes).
     */
    void start(Consumer<Control> fromOtherNodes);

    void publish(Publication publication);

    /**
     * Publishes a batch in order (a group commit's messages), letting the hub coalesce their delivery. On return
     * the batch has left this node (so a crash after the sender's acknowledgement cannot lose its delivery).
     */
    void publishAll(List<Publication> batch);

    void control(Control event);

    boolean healthy();

    /** "local" or "nats", for health reports. */
    String kind();

    @Override
    void close();

    /** Session-level instructions and directory news that every node applies to itself. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Control.RevokeCredential.class, name = "revoke"),
            @JsonSubTypes.Type(value = Control.DropSubscriptions.class, name = "drop"),
            @JsonSubTypes.Type(value = Control.DirectoryChanged.class, name = "directory")})
    sealed interface Control {
        /** Close every session opened with this credential. */
        record RevokeCredential(String credential) implements Control {}

        /** Drop the user's subscriptions to these topics (they left the zone or channel). */
        record DropSubscriptions(String userId, List<String> topics) implements Control {}

        /**
         * A directory row changed in the shared store: other nodes re-read it. {@code id} is the user, zone or
         * channel id; for a membership it is the zone and {@code userId} the member.
         */
        record DirectoryChanged(Entity entity, String id, String userId) implements Control {}

        enum Entity { USER, ZONE, MEMBER, CHANNEL }
    }
}
