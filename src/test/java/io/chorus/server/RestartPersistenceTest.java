package io.chorus.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.support.TestServer;
import io.chorus.support.WsClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Users, zones, channels, members, tokens and history survive a stop and a start. */
class RestartPersistenceTest {
    @Test
    void everythingIsStillThereAfterARestart() {
        try (TestServer server = TestServer.start()) {
            TestServer.TestZone zone = server.zone("keep");
            TestServer.TestUser alice = server.user("alice", zone.id(), "Owner");
            TestServer.TestUser bob = server.user("bob", zone.id(), "Reader");
            server.admin("POST", "/admin/zones/" + zone.id() + "/channels", "{\"name\":\"later\"}");
            for (int i = 0; i < 5; i++) {
                server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + zone.id()
                        + "\",\"" + zone.generalChannel() + "\",\"m" + i + "\"],\"id\":1}");
            }
            server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":\"" + zone.id()
                    + "\",\"user_name\":\"bob\",\"message_text\":\"dm\"},\"id\":1}");

            server.restart();

            JsonNode detail = server.admin("GET", "/admin/zones/" + zone.id(), null).json();
            assertThat(detail.get("channels").toString()).contains("general", "later", "direct");
            assertThat(detail.get("members").toString()).contains("\"role\":\"Reader\"", "\"role\":\"Owner\"");
            assertThat(server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}").status()).isEqualTo(200);
            try (WsClient ws = new WsClient(server.wsUri("/api/json_rpc/ws"))) {
                ws.call("authenticate", "[\"" + bob.token() + "\"]");
                JsonNode msgs = ws.call("get_messages", "[\"" + zone.id() + "\",\"" + zone.generalChannel() + "\"]")
                        .get("result").get("messages");
                assertThat(msgs).hasSize(5);
                assertThat(msgs.get(4).get("message").asText()).isEqualTo("m4");
                assertThat(msgs.get(4).get("offset").asLong()).isEqualTo(5);
                JsonNode dm = ws.call("get_messages", "{\"zone_id\":\"" + zone.id() + "\",\"user_name\":\"alice\"}");
                assertThat(dm.get("result").get("messages").get(0).get("message").asText()).isEqualTo("dm");
            }
            // Offsets continue where they stopped.
            server.rpc(alice.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + zone.id()
                    + "\",\"" + zone.generalChannel() + "\",\"m5\"],\"id\":1}");
            assertThat(server.server().core().store().lastOffset(zone.generalChannel())).isEqualTo(6);
        }
    }
}
