package io.chorus.core;

import io.chorus.broker.Broker;
import io.chorus.core.conversation.Conversations;
import io.chorus.core.device.DeviceDomain;
import io.chorus.store.MessageLog;
import io.chorus.store.Store;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The core, assembled: the directory and the services over it. Facades reach everything through this object and
 * run its blocking calls on {@link #blocking()} (virtual threads), never on an event loop.
 */
public final class Chorus implements AutoCloseable {
    private final Store store;
    private final Directory directory;
    private final Accounts accounts;
    private final Zones zones;
    private final Messaging messaging;
    private final DeviceDomain devices;
    private final Conversations conversations;
    private final RetainedMessages retained;
    private final DirectorySync directorySync;
    private final ServerInfo info;
    private final Limits limits;
    private final ExecutorService blocking = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("chorus-vt-", 0).factory());

    public Chorus(Store store, Broker broker, ServerInfo info, Limits limits, Messaging.Observer observer,
                  MessageLog.Observer storeObserver) {
        this.store = store;
        this.info = info;
        this.limits = limits;
        this.directory = Directory.load(store);
        this.directorySync = new DirectorySync(store, directory);
        this.accounts = new Accounts(store, directory, broker);
        this.zones = new Zones(store, directory, broker);
        ChatCommands commands = new ChatCommands(accounts, info);
        this.messaging = new Messaging(store, directory, zones, broker, commands, limits, observer, storeObserver);
        this.devices = new DeviceDomain(store.devices(), broker);
        this.conversations = new Conversations(store, directory, zones, messaging, broker);
        this.retained = new RetainedMessages(store.conversations());
    }

    public Directory directory() { return directory; }

    public Accounts accounts() { return accounts; }

    /** Applies other nodes' directory changes (hand it to the broker). */
    public DirectorySync directorySync() { return directorySync; }

    public Zones zones() { return zones; }

    public Messaging messaging() { return messaging; }

    /** Networks, device types, devices, configuration and device-API accounts. */
    public DeviceDomain devices() { return devices; }

    /** Groups with owners, per-user timelines, receipts. */
    public Conversations conversations() { return conversations; }

    /** MQTT retained messages. */
    public RetainedMessages retained() { return retained; }

    public ServerInfo info() { return info; }

    public Limits limits() { return limits; }

    public Store store() { return store; }

    public ExecutorService blocking() { return blocking; }

    /** Commits queued messages, then closes the store. */
    @Override
    public void close() {
        messaging.close();
        blocking.close();
        store.close();
    }
}
