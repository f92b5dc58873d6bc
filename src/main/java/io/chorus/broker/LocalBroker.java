package io.chorus.broker;

import io.chorus.fanout.CloseReason;
import io.chorus.fanout.Hub;
import io.chorus.fanout.Publication;
import io.chorus.fanout.Session;

/** The single-node broker: everything goes straight to this process's hub. */
public final class LocalBroker implements Broker {
    private final Hub hub;

    public LocalBroker(Hub hub) { this.hub = hub; }

    @Override
    public void publish(Publication publication) { hub.publish(publication); }

    @Override
    public void publishAll(java.util.List<Publication> batch) { hub.publishAll(batch); }

    @Override
    public void control(Control event) { apply(hub, event); }

    /** Applies a control event to one hub's sessions (shared with networked brokers). */
    public static void apply(Hub hub, Control event) {
        switch (event) {
            case Control.RevokeCredential r ->
                    hub.closeSessions(s -> r.credential().equals(s.credential()), CloseReason.CREDENTIAL_REVOKED);
            case Control.DropSubscriptions d -> hub.onEveryShard(shard -> {
                for (Session s : shard.sessionsOf(d.userId())) d.topics().forEach(s::unsubscribe);
            });
        }
    }

    @Override
    public boolean healthy() { return true; }

    @Override
    public void close() {}
}
