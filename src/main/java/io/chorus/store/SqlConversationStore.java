package io.chorus.store;

import io.chorus.core.conversation.ConversationState;
import io.chorus.core.conversation.GroupProfile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Conversation state over the same JDBC connections as {@link SqlStore}; upserts are SQLite's and PostgreSQL's common syntax. */
final class SqlConversationStore implements ConversationStore {
    private final SqlStore sql;

    SqlConversationStore(SqlStore sql) { this.sql = sql; }

    @Override
    public Optional<GroupProfile> groupProfile(String channelId) {
        return sql.query("SELECT channel_id, owner_id, attributes, updated_at FROM group_profiles WHERE channel_id = ?",
                ps -> SqlStore.bind(ps, channelId), rs -> new GroupProfile(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getLong(4))).stream().findFirst();
    }

    @Override
    public void upsertGroupProfile(GroupProfile p) {
        sql.write(c -> SqlStore.update(c, "INSERT INTO group_profiles (channel_id, owner_id, attributes, updated_at) "
                + "VALUES (?,?,?,?) ON CONFLICT (channel_id) DO UPDATE SET owner_id = excluded.owner_id, "
                + "attributes = excluded.attributes, updated_at = excluded.updated_at",
                p.channelId(), p.ownerId(), p.attributes(), p.updatedAt()));
    }

    @Override
    public Map<String, ConversationState> states(String userId, Collection<String> channelIds) {
        Map<String, ConversationState> out = new HashMap<>();
        if (channelIds.isEmpty()) return out;
        Object[] args = new Object[channelIds.size() + 1];
        args[0] = userId;
        int i = 1;
        for (String id : channelIds) args[i++] = id;
        sql.query("SELECT user_id, channel_id, seen_at, archived_at, cleared_at, patch FROM conversation_states "
                + "WHERE user_id = ? AND channel_id IN (" + String.join(",", Collections.nCopies(channelIds.size(), "?")) + ")",
                ps -> SqlStore.bind(ps, args), rs -> out.put(rs.getString(2), readState(rs)));
        return out;
    }

    private static ConversationState readState(ResultSet rs) throws SQLException {
        return new ConversationState(rs.getString(1), rs.getString(2), nullableLong(rs, 3), nullableLong(rs, 4),
                nullableLong(rs, 5), rs.getString(6));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    @Override
    public void upsertState(ConversationState s) {
        sql.write(c -> SqlStore.update(c, "INSERT INTO conversation_states (user_id, channel_id, seen_at, archived_at, "
                + "cleared_at, patch) VALUES (?,?,?,?,?,?) ON CONFLICT (user_id, channel_id) DO UPDATE SET "
                + "seen_at = excluded.seen_at, archived_at = excluded.archived_at, cleared_at = excluded.cleared_at, "
                + "patch = excluded.patch", s.userId(), s.channelId(), s.seenAt(), s.archivedAt(), s.clearedAt(), s.patch()));
    }

    @Override
    public void clearFor(Collection<String> userIds, String channelId, long at) {
        sql.write(c -> {
            for (String u : userIds) {
                SqlStore.update(c, "INSERT INTO conversation_states (user_id, channel_id, cleared_at) VALUES (?,?,?) "
                        + "ON CONFLICT (user_id, channel_id) DO UPDATE SET cleared_at = excluded.cleared_at", u, channelId, at);
            }
            return null;
        });
    }

    @Override
    public boolean addReceipt(String messageId, String userId, long at) {
        return sql.write(c -> SqlStore.update(c, "INSERT INTO message_receipts (message_id, user_id, received_at) "
                + "VALUES (?,?,?) ON CONFLICT (message_id, user_id) DO NOTHING", messageId, userId, at)) == 1;
    }

    @Override
    public Map<String, Set<String>> receipts(Collection<String> messageIds) {
        Map<String, Set<String>> out = new HashMap<>();
        if (messageIds.isEmpty()) return out;
        sql.query("SELECT message_id, user_id FROM message_receipts WHERE message_id IN ("
                        + String.join(",", Collections.nCopies(messageIds.size(), "?")) + ")",
                ps -> SqlStore.bind(ps, messageIds.toArray()),
                rs -> out.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2)));
        return out;
    }

    @Override
    public void putRetained(String topic, String ownerId, byte[] payload, long at, int maxPerOwner) {
        sql.write(c -> {
            SqlStore.update(c, "INSERT INTO mqtt_retained (topic, owner_id, payload, updated_at) VALUES (?,?,?,?) "
                    + "ON CONFLICT (topic) DO UPDATE SET owner_id = excluded.owner_id, payload = excluded.payload, "
                    + "updated_at = excluded.updated_at", topic, ownerId, Base64.getEncoder().encodeToString(payload), at);
            // Clients that publish retained presence under a fresh client id each time would grow this forever.
            SqlStore.update(c, "DELETE FROM mqtt_retained WHERE owner_id = ? AND topic NOT IN (SELECT topic FROM "
                    + "mqtt_retained WHERE owner_id = ? ORDER BY updated_at DESC LIMIT ?)", ownerId, ownerId, maxPerOwner);
            return null;
        });
    }

    @Override
    public void deleteRetained(String topic) {
        sql.write(c -> SqlStore.update(c, "DELETE FROM mqtt_retained WHERE topic = ?", topic));
    }

    @Override
    public List<Retained> retained(String ownerId) {
        return sql.query("SELECT topic, payload FROM mqtt_retained WHERE owner_id = ? ORDER BY updated_at",
                ps -> SqlStore.bind(ps, ownerId), rs -> new Retained(rs.getString(1), Base64.getDecoder().decode(rs.getString(2))));
    }

    @Override
    public void upsertInstance(PushInstance p) {
        sql.write(c -> SqlStore.update(c, "INSERT INTO push_instances (zone_id, user_id, instance_id, device_model, language, "
                + "platform, platform_version, updated_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (zone_id, user_id, instance_id) "
                + "DO UPDATE SET device_model = excluded.device_model, language = excluded.language, platform = excluded.platform, "
                + "platform_version = excluded.platform_version, updated_at = excluded.updated_at", p.zoneId(), p.userId(),
                p.instanceId(), p.deviceModel(), p.language(), p.platform(), p.platformVersion(), p.updatedAt()));
    }

    // ---- whole tables, for export

    @Override
    public List<GroupProfile> allGroupProfiles() {
        return sql.query("SELECT channel_id, owner_id, attributes, updated_at FROM group_profiles ORDER BY channel_id", ps -> {},
                rs -> new GroupProfile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
    }

    @Override
    public List<ConversationState> allStates() {
        return sql.query("SELECT user_id, channel_id, seen_at, archived_at, cleared_at, patch FROM conversation_states "
                + "ORDER BY user_id, channel_id", ps -> {}, SqlConversationStore::readState);
    }

    @Override
    public List<Receipt> allReceipts() {
        return sql.query("SELECT message_id, user_id, received_at FROM message_receipts ORDER BY message_id, user_id", ps -> {},
                rs -> new Receipt(rs.getString(1), rs.getString(2), rs.getLong(3)));
    }

    @Override
    public List<RetainedRow> allRetained() {
        return sql.query("SELECT topic, owner_id, payload, updated_at FROM mqtt_retained ORDER BY topic", ps -> {},
                rs -> new RetainedRow(rs.getString(1), rs.getString(2), Base64.getDecoder().decode(rs.getString(3)), rs.getLong(4)));
    }

    @Override
    public List<PushInstance> allInstances() {
        return sql.query("SELECT zone_id, user_id, instance_id, device_model, language, platform, platform_version, updated_at "
                + "FROM push_instances ORDER BY zone_id, user_id, instance_id", ps -> {},
                rs -> new PushInstance(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getLong(8)));
    }
}
