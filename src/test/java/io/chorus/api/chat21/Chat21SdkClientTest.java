package io.chorus.api.chat21;

import io.chorus.support.NodeClients;
import io.chorus.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The official Chat21 node SDK (1.1.11), unchanged, with an admin token as Tiledesk uses it (src/test/node/chat21-sdk.mjs). */
class Chat21SdkClientTest {
    static TestServer server;

    @BeforeAll
    static void start() { server = TestServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    @Test
    void theNodeSdkManagesGroupsMessagesAndConversations() {
        String out = NodeClients.run("chat21-sdk.mjs", server.baseUrl(), TestServer.CHAT21_SECRET);
        assertThat(out).contains("ok groups.create", "ok messages.sendToGroup and messages.send as an agent (sender_id)",
                "ok groups.join, groups.leave, groups.setMembers", "ok groups.update and groups.updateAttributes",
                "ok conversations.archive for a user", "ok conversations.delete and messages.delete (timelines)");
    }
}
