package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands, notifications and subscriptions over the WebSocket API: pushes, backlog, filters, history. */
class DeviceHiveMessagesTest {
    static TestServer server;

    @BeforeAll
    static void start() { server = TestServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    static DhWsClient admin() {
        DhWsClient c = new DhWsClient(server.wsUri("/api/websocket"));
        JsonNode t = c.call("token", "\"login\":\"dhadmin\",\"password\":\"" + TestServer.DEVICEHIVE_ADMIN_PASSWORD + "\"");
        c.call("authenticate", "\"token\":\"" + t.get("accessToken").asText() + "\"");
        return c;
    }

    static void save(DhWsClient c, String id) {
        assertThat(c.call("device/save", "\"deviceId\":\"" + id + "\",\"device\":{\"name\":\"" + id + "\",\"networkId\":1,"
                + "\"deviceTypeId\":1}").get("status").asText()).isEqualTo("success");
    }

    @Test
    void notificationsAndCommandsReachSubscribersBothWays() {
        try (DhWsClient client = admin(); DhWsClient device = admin()) {
            save(device, "therm-1");
            long nsub = client.call("notification/subscribe", "\"deviceId\":\"therm-1\"").get("subscriptionId").asLong();
            JsonNode inserted = device.call("notification/insert", "\"deviceId\":\"therm-1\",\"notification\":{\"notification\":"
                    + "\"temperature\",\"parameters\":{\"t\":21.5}}");
            assertThat(inserted.get("notification").get("id").asLong()).isPositive();
            JsonNode push = client.next();
            assertThat(push.get("action").asText()).isEqualTo("notification/insert");
            assertThat(push.has("requestId")).isFalse();
            assertThat(push.has("status")).isFalse();
            assertThat(push.get("subscriptionId").asLong()).isEqualTo(nsub);
            JsonNode n = push.get("notification");
            assertThat(n.get("id").asLong()).isEqualTo(inserted.get("notification").get("id").asLong());
            assertThat(n.get("notification").asText()).isEqualTo("temperature");
            assertThat(n.get("deviceId").asText()).isEqualTo("therm-1");
            assertThat(n.get("networkId").asLong()).isEqualTo(1);
            assertThat(n.get("deviceTypeId").asLong()).isEqualTo(1);
            assertThat(n.get("parameters").toString()).isEqualTo("{\"t\":21.5}");
            assertThat(n.get("timestamp").asText()).isEqualTo(inserted.get("notification").get("timestamp").asText());

            long csub = device.call("command/subscribe", "\"deviceId\":\"therm-1\"").get("subscriptionId").asLong();
            long usub = client.call("command/subscribe", "\"deviceId\":\"therm-1\",\"returnUpdatedCommands\":true")
                    .get("subscriptionId").asLong();
            JsonNode cmd = client.call("command/insert", "\"deviceId\":\"therm-1\",\"command\":{\"command\":\"set\","
                    + "\"parameters\":{\"t\":19},\"lifetime\":60}").get("command");
            assertThat(cmd.get("userId").asLong()).isEqualTo(1);
            assertThat(cmd.get("timestamp").asText()).isEqualTo(cmd.get("lastUpdated").asText());
            JsonNode toDevice = device.next();
            assertThat(toDevice.get("action").asText()).isEqualTo("command/insert");
            assertThat(toDevice.get("subscriptionId").asLong()).isEqualTo(csub);
            assertThat(toDevice.get("command").get("command").asText()).isEqualTo("set");
            assertThat(toDevice.get("command").get("lifetime").asInt()).isEqualTo(60);
            long commandId = toDevice.get("command").get("id").asLong();

            assertThat(device.call("command/update", "\"deviceId\":\"therm-1\",\"commandId\":" + commandId
                    + ",\"command\":{\"status\":\"done\",\"result\":{\"ok\":true}}").get("status").asText()).isEqualTo("success");
            JsonNode update = client.next();
            assertThat(update.get("action").asText()).isEqualTo("command/update");
            assertThat(update.get("subscriptionId").asLong()).isEqualTo(usub);
            assertThat(update.get("command").get("status").asText()).isEqualTo("done");
            assertThat(update.get("command").get("result").toString()).isEqualTo("{\"ok\":true}");

            JsonNode got = client.call("command/get", "\"deviceId\":\"therm-1\",\"commandId\":" + commandId).get("command");
            assertThat(got.get("status").asText()).isEqualTo("done");
            assertThat(client.call("command/get", "\"deviceId\":\"therm-1\",\"commandId\":1").get("error").asText())
                    .isEqualTo("Command with id = 1 not found");
            assertThat(client.call("command/list", "\"deviceId\":\"therm-1\"").get("commands").size()).isEqualTo(1);
            assertThat(client.call("notification/get", "\"deviceId\":\"therm-1\",\"notificationId\":\"abc\"").get("error").asText())
                    .isEqualTo("Notification id should be an integer value.");
            assertThat(client.call("notification/get", "\"deviceId\":\"therm-1\",\"notificationId\":1").get("error").asText())
                    .isEqualTo("Requested notification not found");

            JsonNode subs = client.call("subscription/list", "");
            assertThat(subs.get("subscriptions").size()).isEqualTo(2);
            assertThat(client.call("subscription/list", "\"type\":\"command\"").get("subscriptions").get(0).get("subscriptionId")
                    .asLong()).isEqualTo(usub);
            assertThat(client.call("notification/unsubscribe", "\"subscriptionId\":" + nsub).get("status").asText()).isEqualTo("success");
            assertThat(client.call("notification/unsubscribe", "\"subscriptionId\":" + nsub).get("error").asText())
                    .isEqualTo("Subscription with id " + nsub + " was not found");
        }
    }

    /**
     * A subscription from a timestamp gets what is stored after it, then live items after it: one posted with an
     * explicit timestamp at or before it is not sent, as the rule that keeps a resumed subscription from repeating an
     * item whose publication trailed its commit (DhSubscriptionTest) says.
     */
    @Test
    void aSubscriptionFromATimestampSendsOnlyItemsAfterIt() {
        try (DhWsClient device = admin(); DhWsClient client = admin()) {
            save(device, "resume-1");
            JsonNode first = device.call("notification/insert", "\"deviceId\":\"resume-1\",\"notification\":{\"notification\":\"seen\"}");
            String since = first.get("notification").get("timestamp").asText();
            // Named, so that the device's own presence notifications stay out of it.
            long sub = client.call("notification/subscribe", "\"deviceId\":\"resume-1\",\"names\":[\"seen\",\"old\",\"new\"],"
                    + "\"timestamp\":\"" + since + "\"").get("subscriptionId").asLong();
            device.call("notification/insert", "\"deviceId\":\"resume-1\",\"notification\":{\"notification\":\"old\","
                    + "\"timestamp\":\"2001-01-01T00:00:00.000\"}}");
            device.call("notification/insert", "\"deviceId\":\"resume-1\",\"notification\":{\"notification\":\"new\"}");
            JsonNode push = client.next();
            assertThat(push.get("subscriptionId").asLong()).isEqualTo(sub);
            assertThat(push.get("notification").get("notification").asText()).as("neither the one it resumed from nor the old one")
                    .isEqualTo("new");
        }
    }

    /**
     * A device streaming notifications without waiting for answers: its inserts overlap (the next starts once the
     * previous one has queued its write), so they share commits, yet answers, stored times and pushes keep the order
     * sent; a bad insert and another action in the stream are answered in their places.
     */
    @Test
    void aStreamOfNotificationInsertsSharesCommitsAndKeepsItsOrder() {
        try (DhWsClient device = admin(); DhWsClient client = admin()) {
            save(device, "stream-1");
            client.call("notification/subscribe", "\"deviceId\":\"stream-1\"");
            StoreCounters before = StoreCounters.now();
            int count = 200; // under the 256 requests a connection may have waiting
            for (int i = 0; i < count; i++) {
                if (i == 60) {
                    device.sendRaw("{\"action\":\"notification/insert\",\"requestId\":60,\"deviceId\":\"stream-1\","
                            + "\"notification\":{\"parameters\":{}}}"); // no name: a bad request
                } else if (i == 130) {
                    device.sendRaw("{\"action\":\"server/info\",\"requestId\":130}");
                } else {
                    device.sendRaw("{\"action\":\"notification/insert\",\"requestId\":" + i + ",\"deviceId\":\"stream-1\","
                            + "\"notification\":{\"notification\":\"n" + i + "\"}}");
                }
            }
            List<Long> stored = new ArrayList<>();
            String previousTime = "";
            for (int i = 0; i < count; i++) {
                JsonNode reply = device.next();
                assertThat(reply.get("requestId").asInt()).as("answers in the order sent").isEqualTo(i);
                if (i == 60) {
                    assertThat(reply.get("status").asText()).isEqualTo("error");
                    continue;
                }
                assertThat(reply.get("status").asText()).isEqualTo("success");
                if (i == 130) {
                    assertThat(reply.get("action").asText()).isEqualTo("server/info");
                    continue;
                }
                String time = reply.get("notification").get("timestamp").asText();
                assertThat(time).as("stored times follow the order sent").isGreaterThan(previousTime);
                previousTime = time;
                stored.add(reply.get("notification").get("id").asLong());
            }
            List<Long> pushed = new ArrayList<>();
            while (pushed.size() < stored.size()) {
                JsonNode push = client.next();
                if (push.get("notification").get("notification").asText().startsWith("$")) continue; // $device-online
                pushed.add(push.get("notification").get("id").asLong());
            }
            assertThat(pushed).as("pushes in the order stored").isEqualTo(stored);
            before.assertSharedCommits(count - 2);
        }
    }

    /**
     * A client streaming commands to a device without waiting for answers: command inserts overlap as notification
     * inserts do, so they share commits, and the device gets them in the order they were stored; an update of an
     * earlier command in the stream is pushed between the inserts around it, and a bad insert is answered in its place.
     */
    @Test
    void aStreamOfCommandInsertsSharesCommitsAndKeepsItsOrder() {
        try (DhWsClient client = admin(); DhWsClient device = admin()) {
            save(client, "cmd-stream-1");
            device.call("command/subscribe", "\"deviceId\":\"cmd-stream-1\"");
            device.call("command/subscribe", "\"deviceId\":\"cmd-stream-1\",\"returnUpdatedCommands\":true");
            long first = client.call("command/insert", "\"deviceId\":\"cmd-stream-1\",\"command\":{\"command\":\"c-first\"}")
                    .get("command").get("id").asLong();
            assertThat(device.next().get("command").get("id").asLong()).isEqualTo(first);
            StoreCounters before = StoreCounters.now();
            int count = 200;
            for (int i = 0; i < count; i++) {
                if (i == 50) {
                    client.sendRaw("{\"action\":\"command/insert\",\"requestId\":50,\"deviceId\":\"cmd-stream-1\","
                            + "\"command\":{\"parameters\":{}}}"); // no name: a bad request
                } else if (i == 120) {
                    client.sendRaw("{\"action\":\"command/update\",\"requestId\":120,\"deviceId\":\"cmd-stream-1\","
                            + "\"commandId\":" + first + ",\"command\":{\"status\":\"done\"}}");
                } else {
                    client.sendRaw("{\"action\":\"command/insert\",\"requestId\":" + i + ",\"deviceId\":\"cmd-stream-1\","
                            + "\"command\":{\"command\":\"c" + i + "\"}}");
                }
            }
            List<Long> stored = new ArrayList<>();
            String previousTime = "";
            for (int i = 0; i < count; i++) {
                JsonNode reply = client.next();
                assertThat(reply.get("requestId").asInt()).as("answers in the order sent").isEqualTo(i);
                if (i == 50) {
                    assertThat(reply.get("status").asText()).isEqualTo("error");
                    continue;
                }
                assertThat(reply.get("status").asText()).isEqualTo("success");
                if (i == 120) {
                    stored.add(-first); // the update's push, between the inserts before and after it
                    continue;
                }
                String time = reply.get("command").get("timestamp").asText();
                assertThat(time).as("stored times follow the order sent").isGreaterThan(previousTime);
                previousTime = time;
                stored.add(reply.get("command").get("id").asLong());
            }
            List<Long> pushed = new ArrayList<>();
            while (pushed.size() < stored.size()) {
                JsonNode push = device.next();
                JsonNode command = push.get("command");
                boolean update = "command/update".equals(push.get("action").asText());
                pushed.add(update ? -command.get("id").asLong() : command.get("id").asLong());
            }
            assertThat(pushed).as("the device gets the commands in the order stored").isEqualTo(stored);
            before.assertSharedCommits(count - 1);
        }
    }

    /**
     * A device acknowledging a stream of commands without waiting: its {@code command/update}s overlap too (each reads
     * the command inside its own write), share commits, and reach the subscriber in the order sent; an update of an
     * unknown command is answered 404 in its place.
     */
    @Test
    void aStreamOfCommandUpdatesSharesCommitsAndKeepsItsOrder() {
        try (DhWsClient client = admin(); DhWsClient device = admin()) {
            save(client, "cmd-ack-1");
            client.call("command/subscribe", "\"deviceId\":\"cmd-ack-1\",\"returnUpdatedCommands\":true");
            int count = 150;
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(client.call("command/insert", "\"deviceId\":\"cmd-ack-1\",\"command\":{\"command\":\"c" + i + "\"}")
                        .get("command").get("id").asLong());
            }
            StoreCounters before = StoreCounters.now();
            for (int i = 0; i < count; i++) {
                long id = i == 70 ? 2_000_000_001L : ids.get(i); // 70: no such command
                device.sendRaw("{\"action\":\"command/update\",\"requestId\":" + i + ",\"deviceId\":\"cmd-ack-1\","
                        + "\"commandId\":" + id + ",\"command\":{\"status\":\"ack-" + i + "\"}}");
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                JsonNode reply = device.next();
                assertThat(reply.get("requestId").asInt()).as("answers in the order sent").isEqualTo(i);
                if (i == 70) {
                    assertThat(reply.get("code").asInt()).isEqualTo(404);
                    continue;
                }
                assertThat(reply.get("status").asText()).isEqualTo("success");
                expected.add(ids.get(i) + " ack-" + i);
            }
            List<String> pushed = new ArrayList<>();
            while (pushed.size() < expected.size()) {
                JsonNode push = client.next();
                assertThat(push.get("action").asText()).isEqualTo("command/update");
                JsonNode command = push.get("command");
                assertThat(command.get("command").asText()).as("fields left out keep their stored values").startsWith("c");
                pushed.add(command.get("id").asLong() + " " + command.get("status").asText());
            }
            assertThat(pushed).as("updates pushed in the order sent").isEqualTo(expected);
            before.assertSharedCommits(count - 1);
        }
    }

    /** The store's write and commit counters at one moment: a stream of overlapping writes must share commits. */
    private record StoreCounters(long writes, long commits) {
        static StoreCounters now() {
            return new StoreCounters(server.metric("chorus_store_writes_total"), server.metric("chorus_store_write_commits_total"));
        }

        void assertSharedCommits(int atLeastWrites) {
            long w = server.metric("chorus_store_writes_total") - writes;
            long c = server.metric("chorus_store_write_commits_total") - commits;
            assertThat(w).isGreaterThanOrEqualTo(atLeastWrites);
            assertThat(c).as("commits for %d writes: overlapping writes share them", w).isLessThan(w);
        }
    }

    @Test
    void theBacklogComesAfterTheReplyAndBeforeLiveItemsInOrder() throws Exception {
        try (DhWsClient device = admin(); DhWsClient client = admin()) {
            save(device, "meter-1");
            String since = "2000-01-01T00:00:00.000";
            for (int i = 1; i <= 3; i++) {
                device.call("notification/insert", "\"deviceId\":\"meter-1\",\"notification\":{\"notification\":\"reading\","
                        + "\"parameters\":{\"n\":" + i + "}}");
            }
            device.call("notification/insert", "\"deviceId\":\"meter-1\",\"notification\":{\"notification\":\"other\"}");
            JsonNode reply = client.call("notification/subscribe", "\"deviceId\":\"meter-1\",\"names\":[\"reading\"],\"timestamp\":\""
                    + since + "\"");
            assertThat(reply.get("status").asText()).isEqualTo("success");
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) seen.add(client.next().get("notification").get("parameters").get("n").asInt());
            assertThat(seen).containsExactly(1, 2, 3);
            device.call("notification/insert", "\"deviceId\":\"meter-1\",\"notification\":{\"notification\":\"other\"}");
            device.call("notification/insert", "\"deviceId\":\"meter-1\",\"notification\":{\"notification\":\"reading\","
                    + "\"parameters\":{\"n\":4}}");
            assertThat(client.next().get("notification").get("parameters").get("n").asInt()).isEqualTo(4);
            // The list reads the same history, newest first on request.
            JsonNode list = client.call("notification/list", "\"deviceId\":\"meter-1\",\"notification\":\"reading\",\"sortOrder\":\"DESC\"");
            assertThat(list.get("notifications").get(0).get("parameters").get("n").asInt()).isEqualTo(4);
        }
    }

    @Test
    void networkSubscriptionsSeeDeviceRegistrationsAndRespectScope() {
        try (DhWsClient watcher = admin(); DhWsClient device = admin()) {
            long sub = watcher.call("notification/subscribe", "\"networkIds\":[1],\"names\":[\"$device-add\",\"$device-update\"]")
                    .get("subscriptionId").asLong();
            save(device, "new-device-1");
            JsonNode added = watcher.next();
            assertThat(added.get("subscriptionId").asLong()).isEqualTo(sub);
            assertThat(added.get("notification").get("notification").asText()).isEqualTo("$device-add");
            assertThat(added.get("notification").get("parameters").get("id").asText()).isEqualTo("new-device-1");
            save(device, "new-device-1");
            assertThat(watcher.next().get("notification").get("notification").asText()).isEqualTo("$device-update");
            JsonNode missing = watcher.call("notification/subscribe", "\"networkIds\":[424242]");
            assertThat(missing.get("code").asInt()).isEqualTo(404);
            assertThat(missing.get("error").asText()).isEqualTo("Networks with such networkIds wasn't found: {[424242]}");
            assertThat(watcher.call("notification/subscribe", "\"deviceId\":\"ghost\"").get("code").asInt()).isEqualTo(404);
        }
    }

    @Test
    void historySurvivesARestart() {
        try (TestServer own = TestServer.start()) {
            long id;
            try (DhWsClient c = new DhWsClient(own.wsUri("/api/websocket"))) {
                JsonNode t = c.call("token", "\"login\":\"dhadmin\",\"password\":\"" + TestServer.DEVICEHIVE_ADMIN_PASSWORD + "\"");
                c.call("authenticate", "\"token\":\"" + t.get("accessToken").asText() + "\"");
                c.call("device/save", "\"deviceId\":\"keep-1\",\"device\":{\"name\":\"keep\"}");
                id = c.call("notification/insert", "\"deviceId\":\"keep-1\",\"notification\":{\"notification\":\"kept\"}")
                        .get("notification").get("id").asLong();
            }
            own.restart();
            try (DhWsClient c = new DhWsClient(own.wsUri("/api/websocket"))) {
                JsonNode t = c.call("token", "\"login\":\"dhadmin\",\"password\":\"" + TestServer.DEVICEHIVE_ADMIN_PASSWORD + "\"");
                c.call("authenticate", "\"token\":\"" + t.get("accessToken").asText() + "\"");
                assertThat(c.call("notification/get", "\"deviceId\":\"keep-1\",\"notificationId\":" + id).get("notification")
                        .get("notification").asText()).isEqualTo("kept");
            }
        }
    }

    @Test
    void aDeviceIsOnlineWhileAConnectionSpeaksForIt() {
        try (DhWsClient watcher = admin()) {
            save(watcher, "presence-1");
            watcher.call("notification/subscribe", "\"deviceId\":\"presence-1\",\"names\":[\"$device-online\",\"$device-offline\"]");
            assertThat(watcher.call("device/get", "\"deviceId\":\"presence-1\"").get("device").get("isOnline").asBoolean()).isFalse();
            DhWsClient device = admin();
            device.call("command/subscribe", "\"deviceId\":\"presence-1\"");
            assertThat(watcher.next().get("notification").get("notification").asText()).isEqualTo("$device-online");
            assertThat(watcher.call("device/get", "\"deviceId\":\"presence-1\"").get("device").get("isOnline").asBoolean()).isTrue();
            device.close();
            assertThat(watcher.next().get("notification").get("notification").asText()).isEqualTo("$device-offline");
            assertThat(watcher.call("device/list", "\"name\":\"presence-1\"").get("devices").get(0).get("isOnline").asBoolean()).isFalse();
        }
    }
}
