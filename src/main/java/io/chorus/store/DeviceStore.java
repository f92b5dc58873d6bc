package io.chorus.store;

import io.chorus.core.device.ConfigProperty;
import io.chorus.core.device.Device;
import io.chorus.core.device.DeviceAccount;
import io.chorus.core.device.DeviceCommand;
import io.chorus.core.device.DeviceNotification;
import io.chorus.core.device.DeviceType;
import io.chorus.core.device.Network;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Persistence of the device domain (the DeviceHive API's objects). Blocking: call off the event loop. */
public interface DeviceStore {
    /** Which devices a listing wants; null fields do not filter. {@code networkIds}/{@code deviceTypeIds} null = any. */
    record DeviceQuery(String name, String namePattern, Long networkId, String networkName,
                       Collection<Long> networkIds, Collection<Long> deviceTypeIds) {}

    /**
     * Which commands or notifications a listing or backlog wants; null fields do not filter. Times are epoch ms:
     * {@code after} is exclusive (a backlog after a timestamp), {@code start}/{@code end} inclusive.
     */
    record MessageQuery(String deviceId, Collection<Long> networkIds, Collection<Long> deviceTypeIds,
                        Collection<String> names, Long after, Long start, Long end, String status,
                        boolean newestFirst, int skip, int take) {}

    /**
     * Stores a new command and returns it as stored. A {@code timestamp} of 0 asks the store for one: this node's
     * clock, strictly increasing in commit order, so that "everything after T" never skips a later commit.
     * {@code committed} gets the stored command right after the commit, in commit order (on the committing thread:
     * it must not block), as {@link #insertNotification} does.
     */
    DeviceCommand insertCommand(DeviceCommand command, java.util.function.Consumer<DeviceCommand> committed);

    /**
     * The newest time this node's store has given a command or notification write, committed or about to be (0
     * before any): every item committed here so far, and every one in the middle of its commit, has a store-given
     * time at or below it.
     */
    long timeGivenUpTo();

    /**
     * Changes the status and result of command {@code commandId} of {@code deviceId} in one write: {@code change} gets
     * the command as it stands at that point of the commit order (every write queued before it included) and returns
     * its new outcome; the store gives it a fresh {@code lastUpdated}. Empty when the device has no such command.
     * {@code committed} gets the updated command right after the commit, in commit order, as for inserts.
     */
    Optional<DeviceCommand> updateCommand(String deviceId, long commandId, java.util.function.UnaryOperator<DeviceCommand> change,
                                          java.util.function.Consumer<DeviceCommand> committed);

    Optional<DeviceCommand> command(long id);

    List<DeviceCommand> commands(MessageQuery query);

    /**
     * As {@link #insertCommand}: a {@code timestamp} of 0 is assigned in commit order. {@code committed} gets the
     * stored notification right after the commit, in commit order (on the committing thread: it must not block),
     * so that what it publishes reaches subscribers in the order the notifications were stored.
     */
    DeviceNotification insertNotification(DeviceNotification notification, java.util.function.Consumer<DeviceNotification> committed);

    Optional<DeviceNotification> notification(long id);

    List<DeviceNotification> notifications(MessageQuery query);

    /** Forgets commands and notifications older than the time; returns how many rows went. */
    int purgeMessagesBefore(long epochMillis);

    /** Adds {@code delta} to a node's connection count for a device; returns the count over every node after it. */
    int changePresence(String deviceId, String node, int delta);

    /** Which of the devices have a connection on some node. */
    java.util.Set<String> onlineDevices(Collection<String> deviceIds);

    /** Forgets a node's counts (it is starting, so it has no connection); null forgets every node's (a single node). */
    void clearPresence(String node);

    List<Network> networks();

    Optional<Network> network(long id);

    Network insertNetwork(String name, String description);

    boolean updateNetwork(Network network);

    /** Deletes a network and, with {@code force}, its devices; false if it does not exist. */
    boolean deleteNetwork(long id, boolean force);

    List<DeviceType> deviceTypes();

    Optional<DeviceType> deviceType(long id);

    DeviceType insertDeviceType(String name, String description);

    boolean updateDeviceType(DeviceType type);

    boolean deleteDeviceType(long id, boolean force);

    Optional<Device> device(String id);

    List<Device> devices(DeviceQuery query);

    /** Inserts or replaces a device; true if it was new. */
    boolean saveDevice(Device device);

    boolean deleteDevice(String id);

    Optional<ConfigProperty> config(String name);

    ConfigProperty putConfig(String name, String value);

    boolean deleteConfig(String name);

    Optional<DeviceAccount> account(long id);

    Optional<DeviceAccount> accountByLogin(String login);

    /** Inserts with the next free id (the given one is ignored) and returns the stored account. */
    DeviceAccount insertAccount(DeviceAccount account);

    void updateAccount(DeviceAccount account);

    long accountCount();

    List<DeviceAccount> accounts();

    boolean deleteAccount(long id);
}
