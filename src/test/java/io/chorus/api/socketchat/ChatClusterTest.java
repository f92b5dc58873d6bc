package io.chorus.api.socketchat;

import io.chorus.api.socketchat.ChatRestTest.Account;
import io.chorus.api.socketchat.ChatSocketSupport.ChatSocket;
import io.chorus.server.ClusterConfig;
import io.chorus.support.Services;
import io.chorus.support.TestServer;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat API on two nodes sharing PostgreSQL and NATS: tokens, messages, deletions and new channels cross. */
class ChatClusterTest {
    @Test
    void chatUsersOnTwoNodesTalk() throws Exception {
        Services.requireNats();
        String cluster = Services.uniquePrefix();
        try (Services.PostgresDatabase db = Services.postgresDatabase();
             TestServer one = TestServer.start(c -> c.withCluster(new ClusterConfig("postgres", db.url(), "nats",
                     Services.NATS_URL, cluster, "node-1")));
             TestServer two = TestServer.start(c -> c.withCluster(new ClusterConfig("postgres", db.url(), "nats",
                     Services.NATS_URL, cluster, "node-2")))) {
            Account ann = ChatRestTest.register(one, "Ann");
            Account ben = ChatRestTest.register(one, "Ben");
            // A token from node 1 works on node 2, and Ben hears the new channel there.
            try (ChatSocket benOnTwo = ChatSocketSupport.connect(two, ben.token(), ben.id(), List.of())) {
                BlockingQueue<Object> created = new LinkedBlockingQueue<>();
                benOnTwo.socket().on("channelCreate", args -> created.add(args[0]));
                String dm = ChatRestTest.dm(one, ann, ben);
                assertThat(((JSONObject) created.poll(10, TimeUnit.SECONDS)).getString("channel_id")).isEqualTo(dm);

                try (ChatSocket listening = ChatSocketSupport.connect(two, ben.token(), ben.id(), List.of(dm))) {
                    BlockingQueue<Object> deleted = new LinkedBlockingQueue<>();
                    listening.socket().on("messageDeleted", args -> deleted.add(args[0]));
                    try (ChatSocket annOnOne = ChatSocketSupport.connect(one, ann.token(), ann.id(), List.of(dm))) {
                        JSONObject sent = annOnOne.emit("message", new JSONObject().put("content", "across").put("channel", dm));
                        assertThat(listening.next().getString("content")).isEqualTo("across");
                        annOnOne.emit("messageDeleted", new JSONObject().put("channel", dm).put("id", sent.getString("id")));
                        assertThat(((JSONObject) deleted.poll(10, TimeUnit.SECONDS)).getString("id")).isEqualTo(sent.getString("id"));
                    }
                }
            }
            assertThat(ChatRestTest.get(two, "/messages?channel_id=" + ChatRestTest.post(two, "/new",
                    "{\"username\":\"Ben\",\"accountID\":\"" + ben.id() + "\"}", null).json().get("dms").get(0).asText(),
                    ben.token()).json().get("messages").size()).isZero();
        }
    }
}
