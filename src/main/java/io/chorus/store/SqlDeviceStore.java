package io.chorus.store;

import io.chorus.core.device.ConfigProperty;
import io.chorus.core.device.Device;
import io.chorus.core.device.DeviceAccount;
import io.chorus.core.device.DeviceCommand;
import io.chorus.core.device.DeviceNotification;
import io.chorus.core.device.DeviceType;
import io.chorus.core.device.Network;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The device domain over the same JDBC connections as {@link SqlStore} (its writer and its reader pool). */
final class SqlDeviceStore implements DeviceStore {
    private final SqlStore sql;

    SqlDeviceStore(SqlStore sql) { this.sql = sql; }

    // ---- commands and notifications

    private static final String COMMAND_COLUMNS = "id, device_id, network_id, device_type_id, command, parameters, lifetime, "
            + "status, result, user_id, created_at, updated_at";
    private static final String NOTIFICATION_COLUMNS = "id, device_id, network_id, device_type_id, notification, parameters, "
            + "created_at";

    /**
     * The last time handed out, under the writer lock (commit order and time order agree on this node); volatile for
     * {@link #timeGivenUpTo()}, read from any thread.
     */
    private volatile long lastTime;

    private long nextTime() {
        lastTime = Math.max(System.currentTimeMillis(), lastTime + 1);
        return lastTime;
    }

    @Override
    public long timeGivenUpTo() { return lastTime; }

    @Override
    public DeviceCommand insertCommand(DeviceCommand c, java.util.function.Consumer<DeviceCommand> committed) {
        return sql.write(x -> {
            long now = nextTime();
            DeviceCommand stored = new DeviceCommand(c.id(), c.deviceId(), c.networkId(), c.deviceTypeId(), c.command(),
                    c.parameters(), c.lifetime(), c.status(), c.result(), c.userId(), c.timestamp() == 0 ? now : c.timestamp(), now);
            PreparedStatement insert = sql.writerStatement("INSERT INTO dh_commands (" + COMMAND_COLUMNS
                    + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
            SqlStore.bind(insert, stored.id(), stored.deviceId(), stored.networkId(), stored.deviceTypeId(), stored.command(),
                    stored.parameters(), stored.lifetime(), stored.status(), stored.result(), stored.userId(),
                    stored.timestamp(), stored.lastUpdated());
            insert.executeUpdate();
            SqlStore.afterCommit(() -> committed.accept(stored));
            return stored;
        });
    }

    @Override
    public Optional<DeviceCommand> updateCommand(String deviceId, long commandId, java.util.function.UnaryOperator<DeviceCommand> change,
                                                 java.util.function.Consumer<DeviceCommand> committed) {
        return sql.write(x -> {
            // Read on the writer, inside the commit: it sees the inserts queued before this update (a command inserted
            // and updated in one stream of requests), which a read from the pool would not until they commit.
            PreparedStatement find = sql.writerStatement("SELECT " + COMMAND_COLUMNS + " FROM dh_commands WHERE id = ?");
            find.setLong(1, commandId);
            DeviceCommand current;
            try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                current = readCommand(rs);
            }
            if (!current.deviceId().equals(deviceId)) return Optional.empty();
            DeviceCommand wanted = change.apply(current);
            DeviceCommand stored = current.withOutcome(wanted.status(), wanted.result(), nextTime());
            PreparedStatement update = sql.writerStatement("UPDATE dh_commands SET status = ?, result = ?, updated_at = ? WHERE id = ?");
            SqlStore.bind(update, stored.status(), stored.result(), stored.lastUpdated(), stored.id());
            update.executeUpdate();
            SqlStore.afterCommit(() -> committed.accept(stored));
            return Optional.of(stored);
        });
    }

    @Override
    public Optional<DeviceCommand> command(long id) {
        return first(sql.query("SELECT " + COMMAND_COLUMNS + " FROM dh_commands WHERE id = ?", ps -> SqlStore.bind(ps, id),
                SqlDeviceStore::readCommand));
    }

    @Override
    public List<DeviceCommand> commands(MessageQuery q) {
        List<Object> args = new ArrayList<>();
        String where = messageWhere(q, "command", args);
        if (q.status() != null) {
            where += " AND status = ?";
            args.add(q.status());
        }
        return sql.query("SELECT " + COMMAND_COLUMNS + " FROM dh_commands" + where + page(q, args),
                ps -> SqlStore.bind(ps, args.toArray()), SqlDeviceStore::readCommand);
    }

    @Override
    public DeviceNotification insertNotification(DeviceNotification n, java.util.function.Consumer<DeviceNotification> committed) {
        return sql.write(x -> {
            long now = nextTime();
            DeviceNotification stored = new DeviceNotification(n.id(), n.deviceId(), n.networkId(), n.deviceTypeId(),
                    n.notification(), n.parameters(), n.timestamp() == 0 ? now : n.timestamp());
            PreparedStatement insert = sql.writerStatement("INSERT INTO dh_notifications (" + NOTIFICATION_COLUMNS
                    + ") VALUES (?,?,?,?,?,?,?)");
            SqlStore.bind(insert, stored.id(), stored.deviceId(), stored.networkId(), stored.deviceTypeId(),
                    stored.notification(), stored.parameters(), stored.timestamp());
            insert.executeUpdate();
            SqlStore.afterCommit(() -> committed.accept(stored));
            return stored;
        });
    }

    @Override
    public Optional<DeviceNotification> notification(long id) {
        return first(sql.query("SELECT " + NOTIFICATION_COLUMNS + " FROM dh_notifications WHERE id = ?",
                ps -> SqlStore.bind(ps, id), SqlDeviceStore::readNotification));
    }

    @Override
    public List<DeviceNotification> notifications(MessageQuery q) {
        List<Object> args = new ArrayList<>();
        String where = messageWhere(q, "notification", args);
        return sql.query("SELECT " + NOTIFICATION_COLUMNS + " FROM dh_notifications" + where + page(q, args),
                ps -> SqlStore.bind(ps, args.toArray()), SqlDeviceStore::readNotification);
    }

    @Override
    public int purgeMessagesBefore(long epochMillis) {
        return sql.write(x -> SqlStore.update(x, "DELETE FROM dh_commands WHERE created_at < ?", epochMillis)
                + SqlStore.update(x, "DELETE FROM dh_notifications WHERE created_at < ?", epochMillis));
    }

    private static String messageWhere(MessageQuery q, String nameColumn, List<Object> args) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (q.deviceId() != null) {
            where.append(" AND device_id = ?");
            args.add(q.deviceId());
        }
        in(where, args, "network_id", q.networkIds());
        in(where, args, "device_type_id", q.deviceTypeIds());
        if (q.names() != null) {
            if (q.names().isEmpty()) {
                where.append(" AND 1 = 0");
            } else {
                where.append(" AND ").append(nameColumn).append(" IN (").append("?,".repeat(q.names().size() - 1)).append("?)");
                args.addAll(q.names());
            }
        }
        if (q.after() != null) {
            where.append(" AND created_at > ?");
            args.add(q.after());
        }
        if (q.start() != null) {
            where.append(" AND created_at >= ?");
            args.add(q.start());
        }
        if (q.end() != null) {
            where.append(" AND created_at <= ?");
            args.add(q.end());
        }
        return where.toString();
    }

    private static String page(MessageQuery q, List<Object> args) {
        String order = q.newestFirst() ? "DESC" : "ASC";
        args.add(q.take());
        args.add(q.skip());
        return " ORDER BY created_at " + order + ", id " + order + " LIMIT ? OFFSET ?";
    }

    private static DeviceCommand readCommand(ResultSet rs) throws SQLException {
        Long network = nullableLong(rs, 3);
        Long type = nullableLong(rs, 4);
        int lifetime = rs.getInt(7);
        Integer life = rs.wasNull() ? null : lifetime;
        Long user = nullableLong(rs, 10);
        return new DeviceCommand(rs.getLong(1), rs.getString(2), network, type, rs.getString(5), rs.getString(6), life,
                rs.getString(8), rs.getString(9), user, rs.getLong(11), rs.getLong(12));
    }

    private static DeviceNotification readNotification(ResultSet rs) throws SQLException {
        return new DeviceNotification(rs.getLong(1), rs.getString(2), nullableLong(rs, 3), nullableLong(rs, 4),
                rs.getString(5), rs.getString(6), rs.getLong(7));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    // ---- presence

    @Override
    public int changePresence(String deviceId, String node, int delta) {
        return sql.write(c -> {
            int n = SqlStore.update(c, "UPDATE dh_presence SET connections = connections + ? WHERE device_id = ? AND node = ?",
                    delta, deviceId, node);
            if (n == 0 && delta > 0) {
                SqlStore.update(c, "INSERT INTO dh_presence (device_id, node, connections) VALUES (?,?,?)", deviceId, node, delta);
            }
            SqlStore.update(c, "DELETE FROM dh_presence WHERE device_id = ? AND node = ? AND connections <= 0", deviceId, node);
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(connections), 0) FROM dh_presence WHERE device_id = ?")) {
                SqlStore.bind(ps, deviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public Set<String> onlineDevices(java.util.Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) return Set.of();
        return new HashSet<>(sql.query("SELECT DISTINCT device_id FROM dh_presence WHERE connections > 0 AND device_id IN ("
                + "?,".repeat(deviceIds.size() - 1) + "?)", ps -> SqlStore.bind(ps, deviceIds.toArray()), rs -> rs.getString(1)));
    }

    @Override
    public void clearPresence(String node) {
        sql.write(c -> node == null ? SqlStore.update(c, "DELETE FROM dh_presence")
                : SqlStore.update(c, "DELETE FROM dh_presence WHERE node = ?", node));
    }

    // ---- networks and device types (same shape, two tables)

    @Override
    public List<Network> networks() {
        return sql.query("SELECT id, name, description FROM dh_networks ORDER BY id", ps -> {},
                rs -> new Network(rs.getLong(1), rs.getString(2), rs.getString(3)));
    }

    @Override
    public Optional<Network> network(long id) {
        return first(sql.query("SELECT id, name, description FROM dh_networks WHERE id = ?", ps -> SqlStore.bind(ps, id),
                rs -> new Network(rs.getLong(1), rs.getString(2), rs.getString(3))));
    }

    @Override
    public Network insertNetwork(String name, String description) {
        long id = sql.write(c -> insertNamed(c, "dh_networks", name, description));
        return new Network(id, name, description);
    }

    @Override
    public boolean updateNetwork(Network n) {
        return sql.write(c -> SqlStore.update(c, "UPDATE dh_networks SET name = ?, description = ?, version = version + 1 "
                + "WHERE id = ?", n.name(), n.description(), n.id())) == 1;
    }

    @Override
    public boolean deleteNetwork(long id, boolean force) { return deleteNamed("dh_networks", "network_id", id, force); }

    @Override
    public List<DeviceType> deviceTypes() {
        return sql.query("SELECT id, name, description FROM dh_device_types ORDER BY id", ps -> {},
                rs -> new DeviceType(rs.getLong(1), rs.getString(2), rs.getString(3)));
    }

    @Override
    public Optional<DeviceType> deviceType(long id) {
        return first(sql.query("SELECT id, name, description FROM dh_device_types WHERE id = ?", ps -> SqlStore.bind(ps, id),
                rs -> new DeviceType(rs.getLong(1), rs.getString(2), rs.getString(3))));
    }

    @Override
    public DeviceType insertDeviceType(String name, String description) {
        long id = sql.write(c -> insertNamed(c, "dh_device_types", name, description));
        return new DeviceType(id, name, description);
    }

    @Override
    public boolean updateDeviceType(DeviceType t) {
        return sql.write(c -> SqlStore.update(c, "UPDATE dh_device_types SET name = ?, description = ?, version = version + 1 "
                + "WHERE id = ?", t.name(), t.description(), t.id())) == 1;
    }

    @Override
    public boolean deleteDeviceType(long id, boolean force) { return deleteNamed("dh_device_types", "device_type_id", id, force); }

    private static long insertNamed(Connection c, String table, String name, String description) throws SQLException {
        long id = nextId(c, table);
        SqlStore.update(c, "INSERT INTO " + table + " (id, name, description) VALUES (?,?,?)", id, name, description);
        return id;
    }

    private boolean deleteNamed(String table, String deviceColumn, long id, boolean force) {
        return sql.write(c -> {
            if (force) SqlStore.update(c, "DELETE FROM dh_devices WHERE " + deviceColumn + " = ?", id);
            String link = table.equals("dh_networks") ? "dh_user_networks" : "dh_user_device_types";
            SqlStore.update(c, "DELETE FROM " + link + " WHERE " + deviceColumn + " = ?", id);
            return SqlStore.update(c, "DELETE FROM " + table + " WHERE id = ?", id) == 1;
        });
    }

    private static long nextId(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- devices

    private static final String DEVICE_COLUMNS = "d.id, d.name, d.data, d.network_id, d.device_type_id, d.blocked";

    @Override
    public Optional<Device> device(String id) {
        return first(sql.query("SELECT " + DEVICE_COLUMNS + " FROM dh_devices d WHERE d.id = ?", ps -> SqlStore.bind(ps, id),
                SqlDeviceStore::readDevice));
    }

    @Override
    public List<Device> devices(DeviceQuery q) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.name() != null) {
            where.append(" AND d.name = ?");
            args.add(q.name());
        }
        if (q.namePattern() != null) {
            where.append(" AND d.name LIKE ?");
            args.add(q.namePattern());
        }
        if (q.networkId() != null) {
            where.append(" AND d.network_id = ?");
            args.add(q.networkId());
        }
        if (q.networkName() != null) {
            where.append(" AND d.network_id IN (SELECT id FROM dh_networks WHERE name = ?)");
            args.add(q.networkName());
        }
        in(where, args, "d.network_id", q.networkIds());
        in(where, args, "d.device_type_id", q.deviceTypeIds());
        return sql.query("SELECT " + DEVICE_COLUMNS + " FROM dh_devices d" + where + " ORDER BY d.id",
                ps -> SqlStore.bind(ps, args.toArray()), SqlDeviceStore::readDevice);
    }

    private static void in(StringBuilder where, List<Object> args, String column, java.util.Collection<Long> ids) {
        if (ids == null) return;
        if (ids.isEmpty()) {
            where.append(" AND 1 = 0");
            return;
        }
        where.append(" AND ").append(column).append(" IN (").append("?,".repeat(ids.size() - 1)).append("?)");
        args.addAll(ids);
    }

    @Override
    public boolean saveDevice(Device d) {
        return sql.write(c -> {
            int n = SqlStore.update(c, "UPDATE dh_devices SET name = ?, data = ?, network_id = ?, device_type_id = ?, "
                    + "blocked = ? WHERE id = ?", d.name(), d.data(), d.networkId(), d.deviceTypeId(), d.blocked(), d.id());
            if (n == 1) return false;
            SqlStore.update(c, "INSERT INTO dh_devices (id, name, data, network_id, device_type_id, blocked) VALUES (?,?,?,?,?,?)",
                    d.id(), d.name(), d.data(), d.networkId(), d.deviceTypeId(), d.blocked());
            return true;
        });
    }

    @Override
    public boolean deleteDevice(String id) {
        return sql.write(c -> SqlStore.update(c, "DELETE FROM dh_devices WHERE id = ?", id)) == 1;
    }

    private static Device readDevice(ResultSet rs) throws SQLException {
        long network = rs.getLong(4);
        Long networkId = rs.wasNull() ? null : network;
        long type = rs.getLong(5);
        Long typeId = rs.wasNull() ? null : type;
        return new Device(rs.getString(1), rs.getString(2), rs.getString(3), networkId, typeId, rs.getBoolean(6));
    }

    // ---- configuration

    @Override
    public Optional<ConfigProperty> config(String name) {
        return first(sql.query("SELECT name, value, version FROM dh_configuration WHERE name = ?", ps -> SqlStore.bind(ps, name),
                rs -> new ConfigProperty(rs.getString(1), rs.getString(2), rs.getLong(3))));
    }

    @Override
    public ConfigProperty putConfig(String name, String value) {
        sql.write(c -> {
            int n = SqlStore.update(c, "UPDATE dh_configuration SET value = ?, version = version + 1 WHERE name = ?", value, name);
            if (n == 0) SqlStore.update(c, "INSERT INTO dh_configuration (name, value, version) VALUES (?,?,0)", name, value);
            return null;
        });
        return config(name).orElseThrow();
    }

    @Override
    public boolean deleteConfig(String name) {
        return sql.write(c -> SqlStore.update(c, "DELETE FROM dh_configuration WHERE name = ?", name)) == 1;
    }

    // ---- accounts

    private static final String ACCOUNT_COLUMNS = "id, login, password_hash, role, status, login_attempts, last_login, data, "
            + "intro_reviewed, all_device_types";

    @Override
    public Optional<DeviceAccount> account(long id) {
        return first(withScopes(sql.query("SELECT " + ACCOUNT_COLUMNS + " FROM dh_users WHERE id = ?", ps -> SqlStore.bind(ps, id),
                SqlDeviceStore::readAccount)));
    }

    @Override
    public Optional<DeviceAccount> accountByLogin(String login) {
        return first(withScopes(sql.query("SELECT " + ACCOUNT_COLUMNS + " FROM dh_users WHERE login = ?",
                ps -> SqlStore.bind(ps, login), SqlDeviceStore::readAccount)));
    }

    @Override
    public DeviceAccount insertAccount(DeviceAccount a) {
        long id = sql.write(c -> {
            long next = nextId(c, "dh_users");
            SqlStore.update(c, "INSERT INTO dh_users (" + ACCOUNT_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)", next, a.login(),
                    a.passwordHash(), a.role().ordinal(), a.status().ordinal(), a.loginAttempts(), a.lastLogin(), a.data(),
                    a.introReviewed(), a.allDeviceTypes());
            for (long n : a.networkIds()) SqlStore.update(c, "INSERT INTO dh_user_networks (user_id, network_id) VALUES (?,?)", next, n);
            for (long t : a.deviceTypeIds()) {
                SqlStore.update(c, "INSERT INTO dh_user_device_types (user_id, device_type_id) VALUES (?,?)", next, t);
            }
            return next;
        });
        return account(id).orElseThrow();
    }

    @Override
    public void updateAccount(DeviceAccount a) {
        sql.write(c -> {
            SqlStore.update(c, "UPDATE dh_users SET login = ?, password_hash = ?, role = ?, status = ?, login_attempts = ?, "
                    + "last_login = ?, data = ?, intro_reviewed = ?, all_device_types = ? WHERE id = ?", a.login(),
                    a.passwordHash(), a.role().ordinal(), a.status().ordinal(), a.loginAttempts(), a.lastLogin(), a.data(),
                    a.introReviewed(), a.allDeviceTypes(), a.id());
            SqlStore.update(c, "DELETE FROM dh_user_networks WHERE user_id = ?", a.id());
            SqlStore.update(c, "DELETE FROM dh_user_device_types WHERE user_id = ?", a.id());
            for (long n : a.networkIds()) SqlStore.update(c, "INSERT INTO dh_user_networks (user_id, network_id) VALUES (?,?)", a.id(), n);
            for (long t : a.deviceTypeIds()) {
                SqlStore.update(c, "INSERT INTO dh_user_device_types (user_id, device_type_id) VALUES (?,?)", a.id(), t);
            }
            return null;
        });
    }

    @Override
    public List<DeviceAccount> accounts() {
        return withScopes(sql.query("SELECT " + ACCOUNT_COLUMNS + " FROM dh_users ORDER BY id", ps -> {}, SqlDeviceStore::readAccount));
    }

    @Override
    public boolean deleteAccount(long id) {
        return sql.write(c -> {
            SqlStore.update(c, "DELETE FROM dh_user_networks WHERE user_id = ?", id);
            SqlStore.update(c, "DELETE FROM dh_user_device_types WHERE user_id = ?", id);
            return SqlStore.update(c, "DELETE FROM dh_users WHERE id = ?", id) == 1;
        });
    }

    @Override
    public long accountCount() {
        return sql.query("SELECT COUNT(*) FROM dh_users", ps -> {}, rs -> rs.getLong(1)).get(0);
    }

    /** The account row alone: its networks and device types are read by {@link #withScopes}, after the row's query. */
    private static DeviceAccount readAccount(ResultSet rs) throws SQLException {
        long last = rs.getLong(7);
        Long lastLogin = rs.wasNull() ? null : last;
        return new DeviceAccount(rs.getLong(1), rs.getString(2), rs.getString(3), DeviceAccount.Role.values()[rs.getInt(4)],
                DeviceAccount.Status.values()[rs.getInt(5)], rs.getInt(6), lastLogin, rs.getString(8), rs.getBoolean(9),
                rs.getBoolean(10), Set.of(), Set.of());
    }

    /**
     * Adds the networks and device types. Never from inside another query's row mapping: that would hold one pooled
     * connection while asking for a second, and enough concurrent logins would then wait on each other for ever.
     */
    private List<DeviceAccount> withScopes(List<DeviceAccount> accounts) {
        List<DeviceAccount> out = new ArrayList<>(accounts.size());
        for (DeviceAccount a : accounts) {
            Set<Long> networks = new HashSet<>(sql.query("SELECT network_id FROM dh_user_networks WHERE user_id = ?",
                    ps -> SqlStore.bind(ps, a.id()), r -> r.getLong(1)));
            Set<Long> types = new HashSet<>(sql.query("SELECT device_type_id FROM dh_user_device_types WHERE user_id = ?",
                    ps -> SqlStore.bind(ps, a.id()), r -> r.getLong(1)));
            out.add(a.withScope(networks, types));
        }
        return out;
    }

    private static <T> Optional<T> first(List<T> rows) { return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0)); }
}
