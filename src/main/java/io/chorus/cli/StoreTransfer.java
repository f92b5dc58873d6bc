package io.chorus.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.Channel;
import io.chorus.core.Member;
import io.chorus.core.Message;
import io.chorus.core.User;
import io.chorus.core.Zone;
import io.chorus.core.conversation.ConversationState;
import io.chorus.core.conversation.GroupProfile;
import io.chorus.store.ConversationStore;
import io.chorus.store.Store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole deployment as JSON lines: a header, then users, zones, members, channels and every message with its
 * offset and idempotency key, then conversation state (group profiles, per-user marks, receipts, MQTT retained
 * messages, push instances). Export reads history channel by channel in pages; import writes it back in batches,
 * into an empty store, so that ids, offsets and keys are exactly what they were.
 */
final class StoreTransfer {
    static final String FORMAT = "chorus-export";
    static final int VERSION = 1;
    private static final int PAGE = 1000;

    record Counts(long users, long zones, long members, long channels, long messages) {
        @Override
        public String toString() {
            return users + " users, " + zones + " zones, " + members + " members, " + channels + " channels, "
                    + messages + " messages";
        }
    }

    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    Counts export(Store store, Writer out) throws IOException {
        line(out, json.createObjectNode().put("format", FORMAT).put("version", VERSION));
        List<User> users = store.loadUsers();
        for (User u : users) line(out, "user", u);
        List<Zone> zones = store.loadZones();
        for (Zone z : zones) line(out, "zone", z);
        List<Member> members = store.loadMembers();
        for (Member m : members) line(out, "member", m);
        List<Channel> channels = store.loadChannels();
        for (Channel c : channels) line(out, "channel", c);
        long messages = 0;
        for (Channel c : channels) {
            long after = 0;
            List<Store.Archived> page;
            do {
                page = store.archivedAfterOffset(c.id(), after, PAGE);
                for (Store.Archived a : page) line(out, "message", a);
                messages += page.size();
                if (!page.isEmpty()) after = page.get(page.size() - 1).message().offset();
            } while (page.size() == PAGE);
        }
        ConversationStore cs = store.conversations();
        for (GroupProfile p : cs.allGroupProfiles()) line(out, "group_profile", p);
        for (ConversationState st : cs.allStates()) line(out, "conversation_state", st);
        for (ConversationStore.Receipt r : cs.allReceipts()) line(out, "receipt", r);
        for (ConversationStore.RetainedRow r : cs.allRetained()) line(out, "retained", r);
        for (ConversationStore.PushInstance p : cs.allInstances()) line(out, "push_instance", p);
        out.flush();
        return new Counts(users.size(), zones.size(), members.size(), channels.size(), messages);
    }

    Counts importInto(Store store, BufferedReader in) throws IOException {
        int existing = store.loadZones().size() + store.loadUsers().size();
        if (existing > 0) {
            throw new IllegalArgumentException("the target store is not empty; import into a fresh database "
                    + "(create it, then run `chorus migrate` on it)");
        }
        String first = in.readLine();
        JsonNode header = json.readTree(first == null ? "{}" : first);
        if (!FORMAT.equals(header.path("format").asText()) || header.path("version").asInt() != VERSION) {
            throw new IllegalArgumentException("not a " + FORMAT + " version " + VERSION + " file");
        }
        long users = 0, zones = 0, members = 0, channels = 0, messages = 0;
        List<Store.Archived> batch = new ArrayList<>(PAGE);
        String line;
        int lineNo = 1;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonNode n = json.readTree(line);
            JsonNode v = n.path("value");
            switch (n.path("type").asText()) {
                case "user" -> { store.insertUser(json.treeToValue(v, User.class)); users++; }
                case "zone" -> { store.insertZone(json.treeToValue(v, Zone.class)); zones++; }
                case "member" -> { store.upsertMember(json.treeToValue(v, Member.class)); members++; }
                case "channel" -> { store.insertChannel(json.treeToValue(v, Channel.class)); channels++; }
                case "message" -> {
                    batch.add(new Store.Archived(json.treeToValue(v.path("message"), Message.class),
                            v.path("idempotencyKey").isNull() ? null : v.path("idempotencyKey").asText(null)));
                    messages++;
                    if (batch.size() == PAGE) {
                        store.importMessages(batch);
                        batch.clear();
                    }
                }
                case "group_profile" -> store.conversations().upsertGroupProfile(json.treeToValue(v, GroupProfile.class));
                case "conversation_state" -> store.conversations().upsertState(json.treeToValue(v, ConversationState.class));
                case "receipt" -> {
                    ConversationStore.Receipt r = json.treeToValue(v, ConversationStore.Receipt.class);
                    store.conversations().addReceipt(r.messageId(), r.userId(), r.at());
                }
                case "retained" -> {
                    ConversationStore.RetainedRow r = json.treeToValue(v, ConversationStore.RetainedRow.class);
                    store.conversations().putRetained(r.topic(), r.ownerId(), r.payload(), r.at(), Integer.MAX_VALUE);
                }
                case "push_instance" -> store.conversations().upsertInstance(json.treeToValue(v, ConversationStore.PushInstance.class));
                default -> throw new IllegalArgumentException("line " + lineNo + ": unknown record type " + n.path("type"));
            }
        }
        if (!batch.isEmpty()) store.importMessages(batch);
        return new Counts(users, zones, members, channels, messages);
    }

    private void line(Writer out, JsonNode node) throws IOException {
        out.write(json.writeValueAsString(node));
        out.write('\n');
    }

    private void line(Writer out, String type, Object value) throws IOException {
        ObjectNode n = json.createObjectNode().put("type", type);
        n.set("value", json.valueToTree(value));
        line(out, n);
    }
}
