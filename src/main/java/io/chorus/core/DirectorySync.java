package io.chorus.core;

import io.chorus.broker.Broker.Control;
import io.chorus.store.Store;

import java.util.function.Consumer;

/**
 * Keeps this node's in-memory directory in step with the others: when another node changes a user, zone,
 * membership or channel, it announces which row; this re-reads that row from the shared store (the store, not
 * the announcement, is the truth, so late or repeated announcements converge).
 */
public final class DirectorySync implements Consumer<Control> {
    private final Store store;
    private final Directory directory;

    DirectorySync(Store store, Directory directory) {
        this.store = store;
        this.directory = directory;
    }

    @Override
    public void accept(Control control) {
        if (!(control instanceof Control.DirectoryChanged changed)) return;
        switch (changed.entity()) {
            case USER -> store.findUser(changed.id()).ifPresent(directory::putUser);
            case ZONE -> store.findZone(changed.id()).ifPresent(directory::putZone);
            case CHANNEL -> store.findChannel(changed.id()).ifPresent(directory::putChannel);
            case MEMBER -> store.findMember(changed.id(), changed.userId()).ifPresentOrElse(directory::putMember,
                    () -> directory.removeMember(changed.id(), changed.userId()));
        }
    }

    static Control user(String id) { return new Control.DirectoryChanged(Control.Entity.USER, id, null); }

    static Control zone(String id) { return new Control.DirectoryChanged(Control.Entity.ZONE, id, null); }

    static Control channel(String id) { return new Control.DirectoryChanged(Control.Entity.CHANNEL, id, null); }

    static Control member(String zoneId, String userId) {
        return new Control.DirectoryChanged(Control.Entity.MEMBER, zoneId, userId);
    }
}
