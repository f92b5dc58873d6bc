package io.chorus.core.device;

import io.chorus.broker.Broker;
import io.chorus.core.ChorusException;
import io.chorus.core.Passwords;
import io.chorus.fanout.Publication;
import io.chorus.store.DeviceStore;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The device domain's services: networks, device types, devices, configuration and the accounts that log in to
 * the device API. Validation lives here; which caller may touch what is the facade's business (it knows the
 * token's scope). Blocking: call off the event loop.
 */
public final class DeviceDomain {
    /** Failed logins in a row that lock an account, as in the reference server. */
    public static final int MAX_LOGIN_ATTEMPTS = 10;
    public static final String ADMIN_LOGIN = "dhadmin";

    private final DeviceStore store;
    private final Broker broker;

    public DeviceDomain(DeviceStore store, Broker broker) {
        this.store = store;
        this.broker = broker;
    }

    public DeviceStore store() { return store; }

    // ---- accounts

    /** The default admin, created on first start; returns the generated password when none was given, else null. */
    public String ensureAdmin(String password) {
        if (store.accountByLogin(ADMIN_LOGIN).isPresent()) return null;
        String chosen = password;
        String generated = null;
        if (chosen == null || chosen.isBlank()) {
            byte[] b = new byte[12];
            new SecureRandom().nextBytes(b);
            chosen = generated = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }
        try {
            store.insertAccount(new DeviceAccount(0, ADMIN_LOGIN, Passwords.hash(chosen), DeviceAccount.Role.ADMIN,
                    DeviceAccount.Status.ACTIVE, 0, null, null, true, true, Set.of(), Set.of()));
        } catch (RuntimeException e) {
            // Another node created it at the same moment.
            if (store.accountByLogin(ADMIN_LOGIN).isEmpty()) throw e;
            return null;
        }
        return generated;
    }

    /**
     * Checks a login: the account when the password matches and it is active; empty otherwise. Failures are
     * counted and lock the account after {@link #MAX_LOGIN_ATTEMPTS}; a success resets the count.
     */
    public Optional<DeviceAccount> login(String login, String password) {
        Optional<DeviceAccount> found = login == null ? Optional.empty() : store.accountByLogin(login);
        if (found.isEmpty() || password == null) return Optional.empty();
        DeviceAccount a = found.get();
        if (a.status() != DeviceAccount.Status.ACTIVE) return Optional.empty();
        if (a.passwordHash() == null || !Passwords.verify(password, a.passwordHash())) {
            int attempts = a.loginAttempts() + 1;
            store.updateAccount(a.withLogin(attempts >= MAX_LOGIN_ATTEMPTS ? DeviceAccount.Status.LOCKED_OUT
                    : DeviceAccount.Status.ACTIVE, attempts, a.lastLogin()));
            return Optional.empty();
        }
        DeviceAccount ok = a.withLogin(DeviceAccount.Status.ACTIVE, 0, System.currentTimeMillis());
        store.updateAccount(ok);
        return Optional.of(ok);
    }

    public Optional<DeviceAccount> account(long id) { return store.account(id); }

    /** A signed-in account's {@code lastLogin} moves at most this often, so reconnecting clients do not each write. */
    static final long LAST_LOGIN_GRANULARITY_MS = 60_000;

    /** Records a sign-in by token (an authenticated connection, a refreshed token) as the account's last login. */
    public void signedIn(DeviceAccount a) {
        long now = System.currentTimeMillis();
        if (a.lastLogin() != null && now - a.lastLogin() < LAST_LOGIN_GRANULARITY_MS) return;
        store.updateAccount(a.withLogin(a.status(), a.loginAttempts(), now));
    }

    public boolean accountExists(String login) { return login != null && store.accountByLogin(login).isPresent(); }

    public List<DeviceAccount> accounts() { return store.accounts(); }

    /** A new account; the password is hashed here. Logins are unique (a taken one is a conflict). */
    public DeviceAccount createAccount(String login, String password, DeviceAccount.Role role, DeviceAccount.Status status,
                                       String data, boolean introReviewed, boolean allDeviceTypes) {
        checkLogin(login);
        checkPassword(password);
        if (store.accountByLogin(login).isPresent()) {
            throw ChorusException.conflict("login_taken", "User with such login already exists. Please, select another one");
        }
        return store.insertAccount(new DeviceAccount(0, login, Passwords.hash(password), role, status, 0, null, data,
                introReviewed, allDeviceTypes, Set.of(), Set.of()));
    }

    /** Stores changed fields; {@code password} null keeps the old one. */
    public DeviceAccount updateAccount(DeviceAccount updated, String password) {
        checkLogin(updated.login());
        if (store.accountByLogin(updated.login()).filter(a -> a.id() != updated.id()).isPresent()) {
            throw ChorusException.conflict("login_taken", "User with such login already exists. Please, select another one");
        }
        DeviceAccount stored = updated;
        if (password != null) {
            checkPassword(password);
            stored = updated.with(updated.login(), Passwords.hash(password), updated.role(), updated.status(), updated.data(),
                    updated.introReviewed(), updated.allDeviceTypes());
        }
        store.updateAccount(stored);
        return stored;
    }

    public boolean deleteAccount(long id) { return store.deleteAccount(id); }

    private static void checkLogin(String login) {
        if (login == null || login.isBlank() || login.length() < 3 || login.length() > 128) {
            throw ChorusException.invalid("invalid_login", "Field cannot be empty. The length of login should be from 3 to 128 symbols.");
        }
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < 6 || password.length() > 128) {
            throw ChorusException.invalid("invalid_password", "Password can contain only from 6 to 128 symbols!");
        }
    }

    // ---- networks and device types

    public List<Network> networks() { return store.networks(); }

    public Optional<Network> network(long id) { return store.network(id); }

    public Network insertNetwork(String name, String description) {
        checkNamed(name, description);
        if (store.networks().stream().anyMatch(n -> n.name().equals(name))) {
            throw ChorusException.conflict("network_exists", "Network cannot be created. Network with such name already exists");
        }
        return store.insertNetwork(name, description);
    }

    public boolean updateNetwork(Network n) {
        checkNamed(n.name(), n.description());
        if (store.networks().stream().anyMatch(x -> x.name().equals(n.name()) && x.id() != n.id())) {
            throw ChorusException.conflict("network_exists", "Network cannot be created. Network with such name already exists");
        }
        return store.updateNetwork(n);
    }

    public List<DeviceType> deviceTypes() { return store.deviceTypes(); }

    public Optional<DeviceType> deviceType(long id) { return store.deviceType(id); }

    public DeviceType insertDeviceType(String name, String description) {
        checkNamed(name, description);
        if (store.deviceTypes().stream().anyMatch(t -> t.name().equals(name))) {
            throw ChorusException.conflict("device_type_exists", "Device type cannot be created. Device type with such name already exists");
        }
        return store.insertDeviceType(name, description);
    }

    public boolean updateDeviceType(DeviceType t) {
        checkNamed(t.name(), t.description());
        if (store.deviceTypes().stream().anyMatch(x -> x.name().equals(t.name()) && x.id() != t.id())) {
            throw ChorusException.conflict("device_type_exists", "Device type cannot be created. Device type with such name already exists");
        }
        return store.updateDeviceType(t);
    }

    private static void checkNamed(String name, String description) {
        if (name == null || name.isEmpty() || name.length() > 128) {
            throw ChorusException.invalid("invalid_name", "Field cannot be empty. The length of name should be from 1 to 128 symbols.");
        }
        if (description != null && description.length() > 128) {
            throw ChorusException.invalid("invalid_description", "The length of description should not be more than 128 symbols.");
        }
    }

    // ---- devices

    public static boolean validDeviceId(String id) {
        return id != null && !id.isEmpty() && id.length() <= 128 && id.chars().allMatch(c -> c == '-'
                || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    }

    public Optional<Device> device(String id) { return store.device(id); }

    public List<Device> devices(DeviceStore.DeviceQuery query) { return store.devices(query); }

    /** Registers or replaces a device; true if it is new. */
    public boolean saveDevice(Device d) {
        if (d.name() == null || d.name().isEmpty() || d.name().length() > 128) {
            throw ChorusException.invalid("invalid_name", "Field cannot be empty. The length of name should be from 1 to 128 symbols.");
        }
        return store.saveDevice(d);
    }

    public boolean deleteDevice(String id) { return store.deleteDevice(id); }

    // ---- commands and notifications

    /**
     * A new command for the device, stored, then published from its commit (so one connection's commands reach
     * subscribers in the order they were stored); {@code timestamp} null means now (in commit order).
     */
    public DeviceCommand insertCommand(Device device, String command, String parameters, Integer lifetime, String status,
                                       String result, Long userId, Long timestamp) {
        checkMessageName(command, "Command");
        DeviceCommand c = null;
        for (int attempt = 0; c == null; attempt++) {
            DeviceCommand candidate = new DeviceCommand(randomId(), device.id(), device.networkId(), device.deviceTypeId(),
                    command, parameters, lifetime, status, result, userId, timestamp == null ? 0 : timestamp, 0);
            try {
                c = store.insertCommand(candidate, stored -> broker.publish(new Publication(
                        DeviceTopics.of(true, stored.deviceId(), stored.networkId()), null, new DeviceEvent.Command(stored, false))));
            } catch (RuntimeException e) {
                if (attempt == 3 || store.command(candidate.id()).isEmpty()) throw e; // not an id collision
            }
        }
        return c;
    }

    /**
     * Sets a command's status and result (the only fields that change) to what {@code change} makes of the command as
     * stored, then publishes the update from its commit; empty when the device has no such command.
     */
    public Optional<DeviceCommand> updateCommand(Device device, long commandId, java.util.function.UnaryOperator<DeviceCommand> change) {
        return store.updateCommand(device.id(), commandId, change, u -> broker.publish(new Publication(
                DeviceTopics.of(true, u.deviceId(), u.networkId()), null, new DeviceEvent.Command(u, true))));
    }

    public DeviceNotification insertNotification(Device device, String notification, String parameters, Long timestamp) {
        checkMessageName(notification, "Notification");
        DeviceNotification n = null;
        for (int attempt = 0; n == null; attempt++) {
            DeviceNotification candidate = new DeviceNotification(randomId(), device.id(), device.networkId(),
                    device.deviceTypeId(), notification, parameters, timestamp == null ? 0 : timestamp);
            try {
                n = store.insertNotification(candidate, stored -> broker.publish(new Publication(
                        DeviceTopics.of(false, stored.deviceId(), stored.networkId()), null, new DeviceEvent.Notification(stored))));
            } catch (RuntimeException e) {
                if (attempt == 3 || store.notification(candidate.id()).isEmpty()) throw e;
            }
        }
        return n;
    }

    /** Ids are random positive ints, as the reference makes them (clients store them in 32-bit fields). */
    private static long randomId() { return ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE); }

    private static void checkMessageName(String name, String what) {
        if (name == null || name.isEmpty() || name.length() > 128) {
            throw ChorusException.invalid("invalid_name", what + " name cannot be empty; it has 1 to 128 characters.");
        }
    }

    // ---- presence

    /**
     * A connection on {@code node} speaks for the device (it listens for its commands or sends its notifications).
     * The first one makes it online: subscribers get a {@code $device-online} notification.
     */
    public void connected(Device device, String node) {
        if (store.changePresence(device.id(), node, 1) == 1) insertNotification(device, "$device-online", null, null);
    }

    /** The connection is gone; when it was the last one, the device goes offline ({@code $device-offline}). */
    public void disconnected(String deviceId, String node) {
        if (store.changePresence(deviceId, node, -1) == 0) {
            store.device(deviceId).ifPresent(d -> insertNotification(d, "$device-offline", null, null));
        }
    }

    public java.util.Set<String> online(java.util.Collection<String> deviceIds) { return store.onlineDevices(deviceIds); }

    // ---- configuration

    public Optional<ConfigProperty> config(String name) { return store.config(name); }

    public ConfigProperty putConfig(String name, String value) {
        if (name == null || name.isEmpty() || name.length() > 32) {
            throw ChorusException.invalid("invalid_name", "The length of name should be from 1 to 32 symbols.");
        }
        if (value == null || value.isEmpty() || value.length() > 128) {
            throw ChorusException.invalid("invalid_value", "The length of value should be from 1 to 128 symbols.");
        }
        return store.putConfig(name, value);
    }

    public boolean deleteConfig(String name) { return store.deleteConfig(name); }
}
