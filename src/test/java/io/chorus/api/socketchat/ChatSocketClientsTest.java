package io.chorus.api.socketchat;

import io.chorus.support.NodeClients;
import io.chorus.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat namespace through the npm socket.io-client 4.8 and 2.x, over polling (then upgraded) and WebSocket,
 * with connection state recovery for v4. */
class ChatSocketClientsTest {
    static TestServer server;

    @BeforeAll
    static void start() { server = TestServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    @ParameterizedTest
    @CsvSource({"v4, polling", "v4, websocket", "v2, polling", "v2, websocket"})
    void chatsWithTheOfficialClients(String version, String mode) {
        String out = NodeClients.run("chat-clients.mjs", server.baseUrl(), version, mode);
        List<String> expected = new ArrayList<>(List.of(
                "ok " + version + " " + mode + " channelCreate to the other user",
                "ok " + version + " " + mode + " message to the channel, sender included",
                "ok " + version + " " + mode + " message stored in history",
                "ok " + version + " " + mode + " only the author deletes, and the channel hears it",
                "ok " + version + " " + mode + " membership, commands and bad input"));
        if (version.equals("v4")) expected.add("ok " + version + " " + mode + " connection state recovery");
        assertThat(out.lines().filter(l -> l.startsWith("ok "))).containsExactlyElementsOf(expected);
    }
}
