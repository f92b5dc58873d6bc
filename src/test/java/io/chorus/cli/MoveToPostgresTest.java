package io.chorus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.core.Message;
import io.chorus.server.AdminApiTest;
import io.chorus.server.ClusterConfig;
import io.chorus.store.Store;
import io.chorus.support.Chat21Jwt;
import io.chorus.support.Services;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.TestUser;
import io.chorus.support.TestServer.TestZone;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An embedded deployment moved to PostgreSQL with migrate, export and import loses nothing. */
class MoveToPostgresTest {

    @Test
    void exportThenImportKeepsEveryIdOffsetAndToken() throws Exception {
        TestServer embedded = TestServer.start();
        TestZone zone = embedded.zone("moving");
        TestUser alice = embedded.user("alice", zone.id(), "Owner");
        TestUser bob = embedded.user("bob", zone.id(), "Member");
        String lab = embedded.admin("POST", "/admin/zones/" + zone.id() + "/channels",
                "{\"name\":\"lab\",\"members\":[\"" + alice.id() + "\",\"" + bob.id() + "\"]}").json().get("id").asText();
        for (int i = 0; i < 1203; i++) { // more than one export page
            assertThat(embedded.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":\""
                    + zone.id() + "\",\"channel_id\":\"" + (i % 2 == 0 ? zone.generalChannel() : lab) + "\",\"message\":\"m" + i
                    + "\",\"idempotency_key\":\"k" + i + "\"},\"id\":1}").json().has("result")).isTrue();
        }
        // Chat21 state: a group with an owner, an archived conversation, a retained MQTT message.
        String c21group = embedded.request("POST", "/api/tilechat/groups", "{\"group_name\":\"Moving\",\"group_members\":"
                + "{\"mover-2\":1},\"attributes\":{\"k\":1}}", java.util.Map.of("Authorization", Chat21Jwt.user("mover-1"),
                "Content-Type", "application/json")).json().get("group").get("uid").asText();
        assertThat(embedded.request("DELETE", "/api/tilechat/conversations/" + c21group, null,
                java.util.Map.of("Authorization", Chat21Jwt.user("mover-2"))).status()).isEqualTo(201);
        embedded.server().core().retained().retain("apps/tilechat/users/mover-2/presence/x", "mover-2", "{}".getBytes());
        Store before = embedded.server().core().store();
        List<Message> general = before.messagesAfterOffset(zone.generalChannel(), 0, 10_000);
        List<Message> labHistory = before.messagesAfterOffset(lab, 0, 10_000);
        embedded.close();

        Path dump = Files.createTempFile("chorus-export", ".jsonl");
        AdminApiTest.Run exported = AdminApiTest.cli("export", "--data", embedded.dataDir().toString(), "--out", dump.toString());
        assertThat(exported.code()).as(exported.err()).isZero();
        assertThat(exported.err()).contains("1206 messages"); // 1,203 sent and the Chat21 group's 3 info lines

        try (Services.PostgresDatabase db = Services.postgresDatabase()) {
            AdminApiTest.Run migrated = AdminApiTest.cli("migrate", "--store", "postgres", "--pg-url", db.url());
            assertThat(migrated.code()).as(migrated.err()).isZero();
            assertThat(migrated.out()).contains("Applied 5 migration(s)");
            AdminApiTest.Run imported = AdminApiTest.cli("import", "--store", "postgres", "--pg-url", db.url(), "--in", dump.toString());
            assertThat(imported.code()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("1206 messages"); // 1,203 sent and the Chat21 group's 3 info lines
            AdminApiTest.Run again = AdminApiTest.cli("import", "--store", "postgres", "--pg-url", db.url(), "--in", dump.toString());
            assertThat(again.code()).isEqualTo(2);
            assertThat(again.err()).contains("not empty").doesNotContain("\n\t");

            try (TestServer moved = TestServer.start(c -> c.withCluster(
                    new ClusterConfig("postgres", db.url(), "local", null, "chorus", "moved")))) {
                Store after = moved.server().core().store();
                assertThat(after.messagesAfterOffset(zone.generalChannel(), 0, 10_000)).isEqualTo(general);
                assertThat(after.messagesAfterOffset(lab, 0, 10_000)).isEqualTo(labHistory);
                // Tokens, memberships, channel members and idempotency keys came along; offsets go on from where they were.
                JsonNode dup = moved.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":\""
                        + zone.id() + "\",\"channel_id\":\"" + zone.generalChannel() + "\",\"message\":\"again\","
                        + "\"idempotency_key\":\"k0\"},\"id\":1}").json();
                assertThat(dup.has("result")).as(dup.toString()).isTrue();
                assertThat(after.lastOffset(zone.generalChannel())).isEqualTo(general.size());
                moved.rpc(bob.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + zone.id() + "\",\""
                        + lab + "\",\"after the move\"],\"id\":1}");
                assertThat(after.messagesAfterOffset(lab, labHistory.size(), 10)).singleElement()
                        .satisfies(m -> assertThat(m.offset()).isEqualTo(labHistory.size() + 1L));
                assertThat(moved.server().core().directory().channel(lab).orElseThrow().members())
                        .containsExactly(alice.id(), bob.id());
                JsonNode group = moved.request("GET", "/api/tilechat/groups/" + c21group, null,
                        java.util.Map.of("Authorization", Chat21Jwt.user("mover-2"))).json().get("result");
                assertThat(group.get("owner").asText()).isEqualTo("mover-1");
                assertThat(group.get("attributes").get("k").asInt()).isEqualTo(1);
                assertThat(moved.request("GET", "/api/tilechat/mover-2/conversations/archived", null,
                        java.util.Map.of("Authorization", Chat21Jwt.user("mover-2"))).json().get("result")).hasSize(1);
                assertThat(moved.server().core().retained().of("mover-2")).hasSize(1);
            }
        }
    }

    @Test
    void badInputIsOneLineWithExitCode2() throws Exception {
        Path junk = Files.writeString(Files.createTempFile("junk", ".jsonl"), "{\"format\":\"something-else\"}\n");
        AdminApiTest.Run r = AdminApiTest.cli("import", "--data", Files.createTempDirectory("empty").toString(), "--in", junk.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("chorus: not a chorus-export version 1 file");
        AdminApiTest.Run noUrl = AdminApiTest.cli("migrate", "--store", "postgres");
        assertThat(noUrl.code()).isEqualTo(2);
        assertThat(noUrl.err()).contains("--pg-url");
        // serve refuses cluster settings that cannot work, before opening anything.
        AdminApiTest.Run natsOnSqlite = AdminApiTest.cli("serve", "--broker", "nats", "--port", "0");
        assertThat(natsOnSqlite.code()).isEqualTo(2);
        assertThat(natsOnSqlite.err().strip()).isEqualTo("chorus: --broker nats joins nodes that share a store: use --store postgres");
        AdminApiTest.Run badCluster = AdminApiTest.cli("serve", "--store", "postgres", "--pg-url", "x", "--cluster-name", "a b");
        assertThat(badCluster.code()).isEqualTo(2);
        assertThat(badCluster.err()).contains("--cluster-name");
        AdminApiTest.Run badUrl = AdminApiTest.cli("migrate", "--store", "postgres", "--pg-url", "mysql://u:secret@h/db");
        assertThat(badUrl.code()).isEqualTo(2);
        assertThat(badUrl.err()).contains("postgres://").doesNotContain("secret");
    }
}
