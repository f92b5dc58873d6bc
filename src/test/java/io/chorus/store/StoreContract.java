package io.chorus.store;

import io.chorus.core.Channel;
import io.chorus.core.ChannelKind;
import io.chorus.core.Member;
import io.chorus.core.Message;
import io.chorus.core.MessageDraft;
import io.chorus.core.Role;
import io.chorus.core.User;
import io.chorus.core.Zone;
import io.chorus.core.conversation.ConversationState;
import io.chorus.core.conversation.GroupProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link Store} implementation must do; subclasses supply the store. */
abstract class StoreContract {
    Store store;

    abstract Store open() throws Exception;

    /** A second store over the same data, as a second node would open it. */
    abstract Store openSecond() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        store = open();
        store.insertUser(new User("u1", "Alice", "Al", null, "0xAA00000000000000000000000000000000000001", null, true, "tok", 1));
        store.insertUser(new User("u2", "bob", "bob", null, "0xaa00000000000000000000000000000000000002", null, false, null, 2));
        store.insertZone(new Zone("z", "Zone", 1));
        store.upsertMember(new Member("z", "u1", Role.OWNER, 5));
        store.insertChannel(new Channel("c1", "z", "general", ChannelKind.GROUP, "e1", 1, List.of()));
        store.insertChannel(new Channel("c2", "z", "alice, bob", ChannelKind.DIRECT, "e2", 2, List.of("u1", "u2")));
    }

    @AfterEach
    void tearDown() { store.close(); }

    static MessageDraft draft(String id, String channel, long at, String key) {
        return new MessageDraft(id, "z", channel, "u1", "text " + id, Message.TYPE_TEXT, "{\"t\":\"0x1\"}", null, null, at, key);
    }

    @Test
    void theDirectoryRoundTrips() {
        assertThat(store.loadUsers()).extracting(User::username).containsExactlyInAnyOrder("Alice", "bob");
        assertThat(store.loadUsers().stream().filter(u -> u.id().equals("u1")).findFirst().orElseThrow().remoteApiToken()).isEqualTo("tok");
        store.upsertMember(new Member("z", "u1", Role.ADMIN, 5));
        store.upsertMember(new Member("z", "u2", Role.READER, 6));
        assertThat(store.loadMembers()).extracting(Member::role).containsExactlyInAnyOrder(Role.ADMIN, Role.READER);
        store.deleteMember("z", "u2");
        assertThat(store.loadMembers()).hasSize(1);
        Channel direct = store.loadChannels().stream().filter(c -> c.id().equals("c2")).findFirst().orElseThrow();
        assertThat(direct.kind()).isEqualTo(ChannelKind.DIRECT);
        assertThat(direct.members()).containsExactly("u1", "u2");
        User updated = store.loadUsers().get(0).withRemoteApi(false, "new-token");
        store.updateUser(updated);
        assertThat(store.loadUsers()).filteredOn(u -> u.id().equals(updated.id())).extracting(User::remoteApiToken).containsExactly("new-token");
    }

    @Test
    void offsetsArePerChannelAndGapless() {
        List<Store.Appended> r = store.appendMessages(List.of(draft("m1", "c1", 10, null), draft("m2", "c2", 11, null),
                draft("m3", "c1", 12, null)));
        assertThat(r).extracting(a -> a.message().offset()).containsExactly(1L, 1L, 2L);
        assertThat(store.appendMessages(List.of(draft("m4", "c1", 13, null))).get(0).message().offset()).isEqualTo(3);
        assertThat(store.lastOffset("c1")).isEqualTo(3);
        assertThat(store.messagesAfterOffset("c1", 1, 10)).extracting(Message::id).containsExactly("m3", "m4");
        assertThat(store.findMessage("m2").orElseThrow().attributes()).isEqualTo("{\"t\":\"0x1\"}");
    }

    @Test
    void idempotencyKeysReturnTheStoredMessage() {
        List<Store.Appended> r = store.appendMessages(List.of(draft("m1", "c1", 10, "k"), draft("m2", "c1", 11, "k")));
        assertThat(r.get(0).duplicate()).isFalse();
        assertThat(r.get(1).duplicate()).isTrue();
        assertThat(r.get(1).message().id()).isEqualTo("m1");
        assertThat(store.appendMessages(List.of(draft("m3", "c1", 12, "k"))).get(0).message().id()).isEqualTo("m1");
        assertThat(store.lastOffset("c1")).isEqualTo(1);
    }

    @Test
    void groupsAndTimelinesKeepTheirPerUserState() {
        store.insertChannel(new Channel("g1", "z", "team", ChannelKind.GROUP, "e3", 3, List.of("u1")));
        store.updateChannel(new Channel("g1", "z", "renamed", ChannelKind.GROUP, "e3", 3, List.of("u2", "u1")));
        Channel g = store.findChannel("g1").orElseThrow();
        assertThat(g.name()).isEqualTo("renamed");
        assertThat(g.members()).containsExactly("u2", "u1");

        store.appendMessages(List.of(draft("m1", "g1", 10, null), draft("m2", "g1", 11, null), draft("m3", "c2", 12, null)));
        assertThat(store.latestPerChannel(List.of("g1", "c2", "c1"))).containsOnlyKeys("g1", "c2")
                .hasEntrySatisfying("g1", m -> assertThat(m.id()).isEqualTo("m2"));
        assertThat(store.markAllDeleted("g1", 20)).isEqualTo(2);
        assertThat(store.latestPerChannel(List.of("g1"))).isEmpty();

        ConversationStore cs = store.conversations();
        cs.upsertGroupProfile(new GroupProfile("g1", "u1", "{\"a\":1}", 5));
        cs.upsertGroupProfile(new GroupProfile("g1", "u1", null, 6));
        assertThat(cs.groupProfile("g1")).contains(new GroupProfile("g1", "u1", null, 6));
        cs.upsertState(ConversationState.none("u1", "c2").seen(7).withPatch("{\"x\":true}"));
        cs.clearFor(List.of("u1", "u2"), "c2", 8);
        assertThat(cs.states("u1", List.of("c2", "g1"))).containsOnlyKeys("c2")
                .containsEntry("c2", new ConversationState("u1", "c2", 7L, null, 8L, "{\"x\":true}"));
        assertThat(cs.states("u2", List.of("c2")).get("c2").clearedAt()).isEqualTo(8L);
        assertThat(cs.addReceipt("m3", "u2", 9)).isTrue();
        assertThat(cs.addReceipt("m3", "u2", 10)).isFalse();
        assertThat(cs.receipts(List.of("m3", "m1"))).containsOnlyKeys("m3");
        cs.upsertInstance(new ConversationStore.PushInstance("z", "u1", "i1", "Pixel", "en", "android", "14", 1));
        cs.upsertInstance(new ConversationStore.PushInstance("z", "u1", "i1", "Pixel 9", "en", "android", "15", 2));
    }

    @Test
    void retainedMessagesAreBoundedPerOwner() {
        ConversationStore cs = store.conversations();
        for (int i = 0; i < 5; i++) cs.putRetained("t/" + i, "u1", new byte[] {(byte) i, 0, -1}, 100 + i, 3);
        cs.putRetained("other/t", "u2", "x".getBytes(), 100, 3);
        assertThat(cs.retained("u1")).extracting(ConversationStore.Retained::topic).containsExactly("t/2", "t/3", "t/4");
        assertThat(cs.retained("u1").get(0).payload()).containsExactly(2, 0, -1);
        cs.deleteRetained("t/3");
        assertThat(cs.retained("u1")).hasSize(2);
        assertThat(cs.retained("u2")).hasSize(1);
    }

    @Test
    void historyByTime() {
        store.appendMessages(List.of(draft("m1", "c1", 1000, null), draft("m2", "c2", 2000, null), draft("m3", "c1", 3000, null)));
        assertThat(store.messagesByTime(List.of("c1", "c2"), 0, 10, false)).extracting(Message::id).containsExactly("m1", "m2", "m3");
        assertThat(store.messagesByTime(List.of("c1", "c2"), 1500, 10, false)).extracting(Message::id).containsExactly("m2", "m3");
        assertThat(store.messagesByTime(List.of("c1", "c2"), 0, 2, true)).extracting(Message::id).containsExactly("m3", "m2");
        assertThat(store.messagesByTime(List.of(), 0, 2, true)).isEmpty();
        assertThat(store.lastMessageTimes(List.of("c1", "c2"))).containsEntry("c1", 3000L).containsEntry("c2", 2000L);
        assertThat(store.findMessages(List.of("m1", "m3", "nope"))).hasSize(2);
        assertThat(store.healthy()).isTrue();
    }

    @Test
    void theMessageLogCommitsConcurrentSendsInOrderOfOffsets() {
        List<Store.Appended> seen = Collections.synchronizedList(new ArrayList<>());
        List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
        MessageLog log = new MessageLog(store, 64, seen::addAll, (size, nanos) -> batches.add(size));
        List<CompletableFuture<Store.Appended>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) futures.add(log.append(draft("x" + i, i % 2 == 0 ? "c1" : "c2", i, null)));
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        log.close();
        assertThat(seen).hasSize(500);
        long lastC1 = 0;
        for (Store.Appended a : seen) {
            if (a.message().channelId().equals("c1")) {
                assertThat(a.message().offset()).isEqualTo(lastC1 + 1);
                lastC1 = a.message().offset();
            }
        }
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(500);
        assertThat(batches.size()).isLessThan(500);
        assertThat(log.append(draft("late", "c1", 1, null))).isCompletedExceptionally();
    }

    @Test
    void aBadDraftDoesNotSinkItsBatch() {
        MessageLog log = new MessageLog(store, 64, b -> {}, (s, n) -> {});
        CompletableFuture<Store.Appended> good = log.append(draft("g1", "c1", 1, null));
        CompletableFuture<Store.Appended> bad = log.append(draft("b1", "no-such-channel", 2, null));
        CompletableFuture<Store.Appended> good2 = log.append(draft("g2", "c1", 3, null));
        assertThat(good.join().message().offset()).isEqualTo(1);
        assertThat(good2.join().message().offset()).isEqualTo(2);
        assertThat(bad).isCompletedExceptionally();
        log.close();
    }

    @Test
    void singleRowsAreFoundForDirectorySync() {
        assertThat(store.findUser("u1").orElseThrow().username()).isEqualTo("Alice");
        assertThat(store.findUser("nope")).isEmpty();
        assertThat(store.findZone("z").orElseThrow().name()).isEqualTo("Zone");
        assertThat(store.findMember("z", "u1").orElseThrow().role()).isEqualTo(Role.OWNER);
        assertThat(store.findMember("z", "u2")).isEmpty();
        assertThat(store.findChannel("c2").orElseThrow().members()).containsExactly("u1", "u2");
        assertThat(store.findChannel("c1").orElseThrow().members()).isEmpty();
        assertThat(store.findChannel("nope")).isEmpty();
    }

    @Test
    void twoNodesWritingToOneChannelGetDistinctGaplessOffsets() throws Exception {
        try (Store second = openSecond()) {
            MessageLog one = new MessageLog(store, 32, b -> {}, (s, n) -> {});
            MessageLog two = new MessageLog(second, 32, b -> {}, (s, n) -> {});
            List<CompletableFuture<Store.Appended>> futures = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                // Both channels in every batch, in opposite orders: offsets must not deadlock or collide.
                futures.add(one.append(draft("a" + i, i % 2 == 0 ? "c1" : "c2", i, null)));
                futures.add(two.append(draft("b" + i, i % 2 == 0 ? "c2" : "c1", i, null)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
            one.close();
            two.close();
        }
        assertThat(store.lastOffset("c1")).isEqualTo(300);
        List<Message> history = store.messagesAfterOffset("c1", 0, 1000);
        assertThat(history).extracting(Message::offset)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 300).boxed().toList());
    }

    @Test
    void theDeviceDomainIsStoredWithOrderedTimesAndRetention() {
        DeviceStore d = store.devices();
        assertThat(d.network(1)).isPresent();
        assertThat(d.deviceTypes()).hasSizeGreaterThanOrEqualTo(7);
        io.chorus.core.device.Network n = d.insertNetwork("floor", "second floor");
        assertThat(d.saveDevice(new io.chorus.core.device.Device("dev-1", "lamp", "{\"a\":1}", n.id(), 1L, false))).isTrue();
        assertThat(d.saveDevice(new io.chorus.core.device.Device("dev-1", "lamp", null, n.id(), 1L, true))).isFalse();
        assertThat(d.device("dev-1").orElseThrow().blocked()).isTrue();
        assertThat(d.devices(new DeviceStore.DeviceQuery(null, "la%", null, null, List.of(n.id()), null))).hasSize(1);
        long previous = 0;
        List<io.chorus.core.device.DeviceNotification> committed = new java.util.ArrayList<>();
        List<io.chorus.core.device.DeviceNotification> returned = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            io.chorus.core.device.DeviceNotification stored = d.insertNotification(
                    new io.chorus.core.device.DeviceNotification(100 + i, "dev-1", n.id(), 1L, "t", null, 0), committed::add);
            assertThat(stored.timestamp()).as("times strictly increase in commit order").isGreaterThan(previous);
            previous = stored.timestamp();
            returned.add(stored);
        }
        assertThat(committed).as("each insert's after-commit action, in order").isEqualTo(returned);
        assertThatThrownBy(() -> d.insertNotification(new io.chorus.core.device.DeviceNotification(100, "dev-1", n.id(), 1L,
                "t", null, 0), committed::add)).as("a duplicate id").isInstanceOf(RuntimeException.class);
        assertThat(committed).as("no after-commit action for a failed insert").hasSize(20);
        List<io.chorus.core.device.DeviceCommand> commandsCommitted = new ArrayList<>();
        io.chorus.core.device.DeviceCommand c = d.insertCommand(new io.chorus.core.device.DeviceCommand(7, "dev-1", n.id(), 1L,
                "on", null, 10, null, null, 1L, 0, 0), commandsCommitted::add);
        assertThat(commandsCommitted).as("the command's after-commit action gets it as stored").containsExactly(c);
        assertThatThrownBy(() -> d.insertCommand(new io.chorus.core.device.DeviceCommand(7, "dev-1", n.id(), 1L,
                "on", null, 10, null, null, 1L, 0, 0), commandsCommitted::add)).as("a duplicate id").isInstanceOf(RuntimeException.class);
        assertThat(commandsCommitted).as("no after-commit action for a failed insert").hasSize(1);
        io.chorus.core.device.DeviceCommand updated = d.updateCommand("dev-1", c.id(), x -> x.withOutcome("done", x.result(), 0),
                commandsCommitted::add).orElseThrow();
        assertThat(updated.lastUpdated()).isGreaterThan(c.lastUpdated());
        assertThat(updated.status()).isEqualTo("done");
        assertThat(commandsCommitted).as("the update's after-commit action gets it as stored").endsWith(updated);
        assertThat(d.updateCommand("dev-2", c.id(), x -> x.withOutcome("x", null, 0), commandsCommitted::add))
                .as("another device's command").isEmpty();
        assertThat(d.updateCommand("dev-1", 999_999, x -> x.withOutcome("x", null, 0), commandsCommitted::add))
                .as("an unknown command").isEmpty();
        assertThat(commandsCommitted).as("no after-commit action for an update that changed nothing").hasSize(2);
        assertThat(d.command(c.id()).orElseThrow().status()).isEqualTo("done");
        assertThat(d.notifications(new DeviceStore.MessageQuery("dev-1", null, null, List.of("t"), previous - 1, null, null, null,
                false, 0, 100))).hasSize(1);
        assertThat(d.purgeMessagesBefore(previous + 1_000_000)).isEqualTo(21);
        assertThat(d.command(7)).isEmpty();
    }
}
