package io.chorus.broker;

import io.chorus.fanout.Publication;

import java.util.List;

/**
 * Carries what one node accepts to the hubs of every node: publications, and the control events that must reach
 * sessions wherever they are connected. In-process by default; a networked implementation spans nodes.
 */
public interface Broker extends AutoCloseable {

    void publish(Publication publication);

    /** Publishes a batch in order (a group commit's messages), letting the hub coalesce their delivery. */
    void publishAll(List<Publication> batch);

    void control(Control event);

    boolean healthy();

    @Override
    void close();

    /** Session-level instructions that every node applies to its own sessions. */
    sealed interface Control {
        /** Close every session opened with this credential. */
        record RevokeCredential(String credential) implements Control {}

        /** Drop the user's subscriptions to these topics (they left the zone or channel). */
        record DropSubscriptions(String userId, List<String> topics) implements Control {}
    }
}
