package io.chorus.store;

import io.chorus.core.Channel;
import io.chorus.core.ChannelKind;
import io.chorus.core.Member;
import io.chorus.core.Message;
import io.chorus.core.MessageDraft;
import io.chorus.core.User;
import io.chorus.core.Zone;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store over JDBC, in SQL that SQLite and PostgreSQL both accept. Writes go through one connection, and
 * concurrent writers share its commits ({@link SharedCommits}; chat messages are batched upstream in
 * {@link MessageLog}); reads use a pool.
 */
public class SqlStore implements Store {
    private static final String MESSAGE_COLUMNS = "id, zone_id, channel_id, msg_offset, sender_id, text, type, "
            + "attributes, metadata, reply_to, created_at, edited_at, deleted_at";

    private final DataSource readers;
    private final SharedCommits writes;
    private final AutoCloseable onClose;
    private final DeviceStore devices = new SqlDeviceStore(this);
    private final ConversationStore conversations = new SqlConversationStore(this);

    public SqlStore(DataSource readers, Connection writer, AutoCloseable onClose) {
        this.readers = readers;
        this.writes = new SharedCommits(writer);
        this.onClose = onClose;
    }

    // ---- directory reads

    private static final String USER_QUERY = "SELECT id, username, nickname, avatar_url, address, password_hash, "
            + "remote_api_enabled, remote_api_token, created_at FROM users";

    @Override
    public List<User> loadUsers() { return query(USER_QUERY, ps -> {}, SqlStore::readUser); }

    @Override
    public Optional<User> findUser(String id) {
        return first(query(USER_QUERY + " WHERE id = ?", ps -> bind(ps, id), SqlStore::readUser));
    }

    @Override
    public List<Zone> loadZones() { return query("SELECT id, name, created_at FROM zones", ps -> {}, SqlStore::readZone); }

    @Override
    public Optional<Zone> findZone(String id) {
        return first(query("SELECT id, name, created_at FROM zones WHERE id = ?", ps -> bind(ps, id), SqlStore::readZone));
    }

    @Override
    public List<Member> loadMembers() {
        return query("SELECT zone_id, user_id, role, joined_at FROM zone_members", ps -> {}, SqlStore::readMember);
    }

    @Override
    public Optional<Member> findMember(String zoneId, String userId) {
        return first(query("SELECT zone_id, user_id, role, joined_at FROM zone_members WHERE zone_id = ? AND user_id = ?",
                ps -> bind(ps, zoneId, userId), SqlStore::readMember));
    }

    @Override
    public List<Channel> loadChannels() { return channels("", ps -> {}); }

    @Override
    public Optional<Channel> findChannel(String id) { return first(channels(" WHERE channel_id = ?", ps -> bind(ps, id))); }

    private List<Channel> channels(String memberFilter, Binder binder) {
        Map<String, List<String>> members = new HashMap<>();
        query("SELECT channel_id, user_id FROM channel_members" + memberFilter + " ORDER BY channel_id, position", binder, rs -> {
            members.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            return null;
        });
        return query("SELECT id, zone_id, name, kind, epoch, created_at FROM channels" + memberFilter.replace("channel_id", "id"),
                binder, rs -> new Channel(rs.getString(1), rs.getString(2), rs.getString(3),
                        ChannelKind.fromDb(rs.getString(4)), rs.getString(5), rs.getLong(6),
                        members.getOrDefault(rs.getString(1), List.of())));
    }

    private static User readUser(ResultSet rs) throws SQLException {
        return new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getBoolean(7), rs.getString(8), rs.getLong(9));
    }

    private static Zone readZone(ResultSet rs) throws SQLException {
        return new Zone(rs.getString(1), rs.getString(2), rs.getLong(3));
    }

    private static Member readMember(ResultSet rs) throws SQLException {
        return new Member(rs.getString(1), rs.getString(2), Store.roleOf(rs.getString(3)), rs.getLong(4));
    }

    private static <T> Optional<T> first(List<T> rows) { return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0)); }

    // ---- directory writes

    @Override
    public void insertUser(User u) {
        write(c -> update(c, "INSERT INTO users (id, username, username_key, nickname, avatar_url, address, password_hash, "
                        + "remote_api_enabled, remote_api_token, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                u.id(), u.username(), u.username().toLowerCase(java.util.Locale.ROOT), u.nickname(), u.avatarUrl(),
                u.address().toLowerCase(java.util.Locale.ROOT), u.passwordHash(), u.remoteApiEnabled(), u.remoteApiToken(),
                u.createdAt()));
    }

    @Override
    public void updateUser(User u) {
        write(c -> update(c, "UPDATE users SET nickname = ?, avatar_url = ?, password_hash = ?, remote_api_enabled = ?, "
                        + "remote_api_token = ? WHERE id = ?",
                u.nickname(), u.avatarUrl(), u.passwordHash(), u.remoteApiEnabled(), u.remoteApiToken(), u.id()));
    }

    @Override
    public void insertZone(Zone z) {
        write(c -> update(c, "INSERT INTO zones (id, name, created_at) VALUES (?,?,?)", z.id(), z.name(), z.createdAt()));
    }

    @Override
    public void upsertMember(Member m) {
        write(c -> {
            int n = update(c, "UPDATE zone_members SET role = ? WHERE zone_id = ? AND user_id = ?",
                    m.role().wireName(), m.zoneId(), m.userId());
            if (n == 0) {
                update(c, "INSERT INTO zone_members (zone_id, user_id, role, joined_at) VALUES (?,?,?,?)",
                        m.zoneId(), m.userId(), m.role().wireName(), m.joinedAt());
            }
            return null;
        });
    }

    @Override
    public void deleteMember(String zoneId, String userId) {
        write(c -> update(c, "DELETE FROM zone_members WHERE zone_id = ? AND user_id = ?", zoneId, userId));
    }

    @Override
    public void insertChannel(Channel ch) {
        write(c -> {
            String directKey = ch.kind() == ChannelKind.DIRECT ? directKey(ch) : null;
            update(c, "INSERT INTO channels (id, zone_id, name, kind, epoch, direct_key, last_offset, created_at) "
                    + "VALUES (?,?,?,?,?,?,0,?)", ch.id(), ch.zoneId(), ch.name(), ch.kind().dbName(), ch.epoch(),
                    directKey, ch.createdAt());
            for (int i = 0; i < ch.members().size(); i++) {
                update(c, "INSERT INTO channel_members (channel_id, user_id, position) VALUES (?,?,?)",
                        ch.id(), ch.members().get(i), i);
            }
            return null;
        });
    }

    @Override
    public void updateChannel(Channel ch) {
        write(c -> {
            update(c, "UPDATE channels SET name = ? WHERE id = ?", ch.name(), ch.id());
            update(c, "DELETE FROM channel_members WHERE channel_id = ?", ch.id());
            for (int i = 0; i < ch.members().size(); i++) {
                update(c, "INSERT INTO channel_members (channel_id, user_id, position) VALUES (?,?,?)",
                        ch.id(), ch.members().get(i), i);
            }
            return null;
        });
    }

    private static String directKey(Channel ch) {
        List<String> sorted = new ArrayList<>(ch.members());
        sorted.sort(null);
        return ch.zoneId() + "|" + String.join("|", sorted);
    }

    // ---- history

    @Override
    public List<Appended> appendMessages(List<MessageDraft> drafts) {
        return write(c -> {
            Appended[] out = new Appended[drafts.size()];
            // Drafts whose idempotency key is already stored answer with the stored message.
            // Sorted by channel so that two nodes reserving offsets in the same channels lock them in the same order.
            Map<String, List<Integer>> fresh = new java.util.TreeMap<>();
            Map<String, Integer> keysInBatch = new HashMap<>();
            PreparedStatement findKey = writerStatement("SELECT " + MESSAGE_COLUMNS
                    + " FROM messages WHERE sender_id = ? AND idempotency_key = ?");
            for (int i = 0; i < drafts.size(); i++) {
                MessageDraft d = drafts.get(i);
                if (d.idempotencyKey() != null) {
                    Integer first = keysInBatch.putIfAbsent(d.senderId() + "\u0000" + d.idempotencyKey(), i);
                    if (first != null) {
                        out[i] = new Appended(null, true); // resolved below, once the first one has its offset
                        continue;
                    }
                    findKey.setString(1, d.senderId());
                    findKey.setString(2, d.idempotencyKey());
                    try (ResultSet rs = findKey.executeQuery()) {
                        if (rs.next()) {
                            out[i] = new Appended(readMessage(rs), true);
                            continue;
                        }
                    }
                }
                fresh.computeIfAbsent(d.channelId(), k -> new ArrayList<>()).add(i);
            }
            // One offset reservation per channel and batch: a row lock, not a global one, so nodes writing to the
            // same channel serialise on that channel only.
            PreparedStatement reserve = writerStatement(
                    "UPDATE channels SET last_offset = last_offset + ? WHERE id = ? RETURNING last_offset");
            PreparedStatement insert = writerStatement("INSERT INTO messages (" + MESSAGE_COLUMNS
                    + ", idempotency_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
            for (Map.Entry<String, List<Integer>> e : fresh.entrySet()) {
                List<Integer> idx = e.getValue();
                reserve.setInt(1, idx.size());
                reserve.setString(2, e.getKey());
                long last;
                try (ResultSet rs = reserve.executeQuery()) {
                    if (!rs.next()) throw new StoreException("no such channel: " + e.getKey(), null);
                    last = rs.getLong(1);
                }
                long offset = last - idx.size();
                for (int i : idx) {
                    MessageDraft d = drafts.get(i);
                    Message m = d.toMessage(++offset);
                    bind(insert, m.id(), m.zoneId(), m.channelId(), m.offset(), m.senderId(), m.text(), m.type(),
                            m.attributes(), m.metadata(), m.replyTo(), m.createdAt(), m.editedAt(), m.deletedAt(),
                            d.idempotencyKey());
                    insert.addBatch();
                    out[i] = new Appended(m, false);
                }
            }
            insert.executeBatch();
            for (int i = 0; i < out.length; i++) {
                if (out[i].message() == null) {
                    MessageDraft d = drafts.get(i);
                    out[i] = new Appended(out[keysInBatch.get(d.senderId() + "\u0000" + d.idempotencyKey())].message(), true);
                }
            }
            return List.of(out);
        });
    }

    @Override
    public List<Message> messagesAfterOffset(String channelId, long afterOffset, int limit) {
        return query("SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE channel_id = ? AND msg_offset > ? "
                + "ORDER BY msg_offset LIMIT ?", ps -> bind(ps, channelId, afterOffset, limit), SqlStore::readMessage);
    }

    @Override
    public List<Message> messagesByTime(Collection<String> channelIds, long afterMillis, int limit, boolean newestFirst) {
        if (channelIds.isEmpty()) return List.of();
        String order = newestFirst ? "DESC" : "ASC";
        String sql = "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE channel_id IN (" + placeholders(channelIds.size())
                + ") AND created_at > ? ORDER BY created_at " + order + ", channel_id, msg_offset " + order + " LIMIT ?";
        List<Object> args = new ArrayList<>(channelIds);
        args.add(afterMillis);
        args.add(limit);
        return query(sql, ps -> bind(ps, args.toArray()), SqlStore::readMessage);
    }

    @Override
    public List<Archived> archivedAfterOffset(String channelId, long afterOffset, int limit) {
        return query("SELECT " + MESSAGE_COLUMNS + ", idempotency_key FROM messages WHERE channel_id = ? AND msg_offset > ? "
                + "ORDER BY msg_offset LIMIT ?", ps -> bind(ps, channelId, afterOffset, limit),
                rs -> new Archived(readMessage(rs), rs.getString(14)));
    }

    @Override
    public void importMessages(List<Archived> messages) {
        write(c -> {
            Map<String, Long> highest = new java.util.TreeMap<>();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO messages (" + MESSAGE_COLUMNS
                    + ", idempotency_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (Archived a : messages) {
                    Message m = a.message();
                    bind(insert, m.id(), m.zoneId(), m.channelId(), m.offset(), m.senderId(), m.text(), m.type(),
                            m.attributes(), m.metadata(), m.replyTo(), m.createdAt(), m.editedAt(), m.deletedAt(),
                            a.idempotencyKey());
                    insert.addBatch();
                    highest.merge(m.channelId(), m.offset(), Math::max);
                }
                insert.executeBatch();
            }
            // CASE rather than GREATEST/MAX: the one spelling both databases accept.
            try (PreparedStatement bump = c.prepareStatement("UPDATE channels SET last_offset = CASE WHEN last_offset < ? "
                    + "THEN ? ELSE last_offset END WHERE id = ?")) {
                for (Map.Entry<String, Long> e : highest.entrySet()) {
                    bind(bump, e.getValue(), e.getValue(), e.getKey());
                    bump.addBatch();
                }
                bump.executeBatch();
            }
            return null;
        });
    }

    @Override
    public long lastOffset(String channelId) {
        List<Long> r = query("SELECT last_offset FROM channels WHERE id = ?", ps -> bind(ps, channelId), rs -> rs.getLong(1));
        return r.isEmpty() ? 0 : r.get(0);
    }

    @Override
    public List<Message> latestMessages(String channelId, int limit) {
        List<Message> newestFirst = query("SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE channel_id = ? "
                + "AND deleted_at IS NULL ORDER BY msg_offset DESC LIMIT ?", ps -> bind(ps, channelId, limit),
                SqlStore::readMessage);
        return newestFirst.reversed();
    }

    @Override
    public boolean markDeleted(String messageId, long atMillis) {
        return write(c -> update(c, "UPDATE messages SET deleted_at = ?, text = '' WHERE id = ? AND deleted_at IS NULL",
                atMillis, messageId)) == 1;
    }

    @Override
    public Optional<Message> findMessage(String messageId) {
        return findMessages(List.of(messageId)).stream().findFirst();
    }

    @Override
    public List<Message> findMessages(Collection<String> ids) {
        if (ids.isEmpty()) return List.of();
        return query("SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE id IN (" + placeholders(ids.size()) + ")",
                ps -> bind(ps, ids.toArray()), SqlStore::readMessage);
    }

    @Override
    public Map<String, Long> lastMessageTimes(Collection<String> channelIds) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (channelIds.isEmpty()) return out;
        query("SELECT channel_id, MAX(created_at) FROM messages WHERE channel_id IN (" + placeholders(channelIds.size())
                + ") GROUP BY channel_id", ps -> bind(ps, channelIds.toArray()), rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    @Override
    public Map<String, Message> latestPerChannel(Collection<String> channelIds) {
        Map<String, Message> out = new HashMap<>();
        if (channelIds.isEmpty()) return out;
        query("SELECT " + MESSAGE_COLUMNS.replaceAll("(\\w+)", "m.$1") + " FROM messages m JOIN (SELECT channel_id, "
                + "MAX(msg_offset) AS last FROM messages WHERE deleted_at IS NULL AND channel_id IN ("
                + placeholders(channelIds.size()) + ") GROUP BY channel_id) x ON m.channel_id = x.channel_id "
                + "AND m.msg_offset = x.last", ps -> bind(ps, channelIds.toArray()), rs -> {
            Message m = readMessage(rs);
            return out.put(m.channelId(), m);
        });
        return out;
    }

    @Override
    public int markAllDeleted(String channelId, long atMillis) {
        return write(c -> update(c, "UPDATE messages SET deleted_at = ?, text = '' WHERE channel_id = ? AND deleted_at IS NULL",
                atMillis, channelId));
    }

    @Override
    public DeviceStore devices() { return devices; }

    @Override
    public ConversationStore conversations() { return conversations; }

    @Override
    public boolean healthy() {
        try {
            return !query("SELECT 1", ps -> {}, rs -> rs.getInt(1)).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            writes.close();
            onClose.close();
        } catch (Exception e) {
            throw new StoreException("closing the store failed", e);
        }
    }

    // ---- JDBC plumbing

    @FunctionalInterface
    protected interface SqlWork<T> { T run(Connection c) throws SQLException; }

    @FunctionalInterface
    protected interface Binder { void bind(PreparedStatement ps) throws SQLException; }

    @FunctionalInterface
    protected interface RowMapper<T> { T map(ResultSet rs) throws SQLException; }

    /** Runs {@code work} as one transaction of its own, or inside a commit shared with concurrent writers. */
    protected <T> T write(SqlWork<T> work) { return writes.run(work); }

    /** From inside a {@link #write}: the writer's cached statement for {@code sql} (kept open: do not close it). */
    protected PreparedStatement writerStatement(String sql) throws SQLException { return writes.statement(sql); }

    /** From inside a {@link #write}: runs {@code action} after its commit, in commit order (see SharedCommits). */
    protected static void afterCommit(Runnable action) { SharedCommits.afterCommit(action); }

    @Override
    public long writes() { return writes.works(); }

    @Override
    public long writeCommits() { return writes.commits(); }

    protected <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = readers.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(mapper.map(rs));
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) ps.setNull(i + 1, Types.NULL); // untyped: PostgreSQL infers it from the column
            else if (a instanceof Boolean b) ps.setBoolean(i + 1, b);
            else if (a instanceof Integer n) ps.setInt(i + 1, n);
            else if (a instanceof Long n) ps.setLong(i + 1, n);
            else ps.setString(i + 1, a.toString());
        }
    }

    private static String placeholders(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    private static Message readMessage(ResultSet rs) throws SQLException {
        long edited = rs.getLong(12);
        Long editedAt = rs.wasNull() ? null : edited;
        long deleted = rs.getLong(13);
        Long deletedAt = rs.wasNull() ? null : deleted;
        return new Message(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getLong(11),
                editedAt, deletedAt);
    }
}
