package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.server.ClusterConfig;
import io.chorus.support.Services;
import io.chorus.support.TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DeviceHive on two nodes sharing PostgreSQL and NATS: tokens, notifications, commands and presence cross. */
class DeviceHiveClusterTest {
    static DhWsClient login(TestServer node) {
        DhWsClient c = new DhWsClient(node.wsUri("/api/websocket"));
        JsonNode t = c.call("token", "\"login\":\"dhadmin\",\"password\":\"" + TestServer.DEVICEHIVE_ADMIN_PASSWORD + "\"");
        assertThat(c.call("authenticate", "\"token\":\"" + t.get("accessToken").asText() + "\"").get("status").asText())
                .isEqualTo("success");
        return c;
    }

    @Test
    void devicesAndClientsOnDifferentNodes() {
        Services.requireNats();
        String cluster = Services.uniquePrefix();
        try (Services.PostgresDatabase db = Services.postgresDatabase();
             TestServer one = TestServer.start(c -> c.withCluster(new ClusterConfig("postgres", db.url(), "nats",
                     Services.NATS_URL, cluster, "node-1")));
             TestServer two = TestServer.start(c -> c.withCluster(new ClusterConfig("postgres", db.url(), "nats",
                     Services.NATS_URL, cluster, "node-2")));
             DhWsClient client = login(one); DhWsClient device = login(two)) {
            device.call("device/save", "\"deviceId\":\"far-1\",\"device\":{\"name\":\"far\",\"networkId\":1,\"deviceTypeId\":1}");
            long nsub = client.call("notification/subscribe", "\"deviceId\":\"far-1\",\"names\":[\"reading\",\"$device-online\"]")
                    .get("subscriptionId").asLong();
            device.call("command/subscribe", "\"deviceId\":\"far-1\"");
            JsonNode online = client.next();
            assertThat(online.get("notification").get("notification").asText()).isEqualTo("$device-online");
            assertThat(client.call("device/get", "\"deviceId\":\"far-1\"").get("device").get("isOnline").asBoolean()).isTrue();

            device.call("notification/insert", "\"deviceId\":\"far-1\",\"notification\":{\"notification\":\"reading\"}");
            JsonNode n = client.next();
            assertThat(n.get("subscriptionId").asLong()).isEqualTo(nsub);
            assertThat(n.get("notification").get("notification").asText()).isEqualTo("reading");

            client.call("command/insert", "\"deviceId\":\"far-1\",\"command\":{\"command\":\"reboot\"}");
            assertThat(device.next().get("command").get("command").asText()).isEqualTo("reboot");
        }
    }
}
