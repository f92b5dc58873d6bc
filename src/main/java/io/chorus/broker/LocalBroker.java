package io.chorus.broker;

import io.chorus.fanout.CloseReason;
import io.chorus.fanout.Hub;
import io.chorus.fanout.Publication;
import io.chorus.fanout.Session;

import java.util.List;
import java.util.function.Consumer;

/** The single-node broker: everything goes straight to this process's hub. */
public final class LocalBroker implements Broker {
    private final Hub hub;

    public LocalBroker(Hub hub) { this.hub = hub; }

    @Override
    public void start(Consumer<Control> fromOtherNodes) {
        // There are no other nodes.
    }

    @Override
    public void publish(Publication publication) { hub.publish(publication); }

    @Override
    public void publishAll(List<Publication> batch) { hub.publishAll(batch); }

    @Override
    public void control(Control event) { apply(hub, event); }

    /**
     * Applies a control event to one hub's sessions (shared with networked brokers). Directory changes need
     * nothing here: the node that made one has already applied it.
     */
    public static void apply(Hub hub, Control event) {
        switch (event) {
            case Control.RevokeCredential r ->
                    hub.closeSessions(s -> r.credential().equals(s.credential()), CloseReason.CREDENTIAL_REVOKED);
            case Control.DropSubscriptions d -> hub.onEveryShard(shard -> {
                for (Session s : shard.sessionsOf(d.userId())) d.topics().forEach(s::unsubscribe);
            });
            case Control.DirectoryChanged ignored -> { }
        }
    }

    @Override
    public boolean healthy() { return true; }

    @Override
    public String kind() { return "local"; }

    @Override
    public void close() {}
}
