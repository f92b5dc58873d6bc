package io.chorus.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.TestUser;
import io.chorus.support.TestServer.TestZone;
import io.chorus.support.WsClient;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Client steps shared by the cluster tests. */
final class ClusterTestSupport {
    private ClusterTestSupport() {}

    /** Connects and authenticates, once the user has reached that node's directory. */
    static WsClient authenticated(URI uri, TestUser u) {
        WsClient ws = new WsClient(uri);
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.call("authenticate", "[\"" + u.token() + "\"]").has("result"));
        return ws;
    }

    static WsClient subscriber(URI uri, TestZone zone, TestUser u) {
        WsClient ws = authenticated(uri, u);
        assertThat(ws.call("subscribe_channel", "[\"" + zone.id() + "\",\"" + zone.generalChannel() + "\"]")
                .get("result").asText()).isEqualTo("Subscribed");
        return ws;
    }

    static WsClient subscriber(TestServer node, TestZone zone, TestUser u) {
        return subscriber(node.wsUri("/api/json_rpc/ws"), zone, u);
    }

    static JsonNode send(TestServer node, TestZone zone, TestUser u, String text) {
        return node.rpc(u.token(), "{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":[\"" + zone.id()
                + "\",\"" + zone.generalChannel() + "\",\"" + text + "\"],\"id\":1}").json();
    }
}
