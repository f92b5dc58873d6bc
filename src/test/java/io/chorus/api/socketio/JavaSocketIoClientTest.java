package io.chorus.api.socketio;

import io.chorus.support.TestServer;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java client io.socket:socket.io-client 2.x (Socket.IO v5) against a real server. */
class JavaSocketIoClientTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestNamespaces.startServer();
    }

    @AfterAll
    static void stop() { server.close(); }

    static Object[] next(BlockingQueue<Object[]> q) throws InterruptedException {
        Object[] v = q.poll(5, TimeUnit.SECONDS);
        assertThat(v).as("an event within 5 s").isNotNull();
        return v;
    }

    @Test
    void emitsWithAndWithoutAcksIncludingBinary() throws Exception {
        emitsAndAcks(IO.Options.builder().setAuth(Map.of("token", "java")).setForceNew(true).build());
    }

    /**
     * Over long-polling the Java client sends binary as base64 with a newline at the end (Android's encoder); the
     * test above meets that only when its binary emit happens to precede the upgrade.
     */
    @Test
    void emitsBinaryOverLongPollingOnly() throws Exception {
        emitsAndAcks(IO.Options.builder().setAuth(Map.of("token", "java")).setForceNew(true)
                .setTransports(new String[] {Polling.NAME}).build());
    }

    private void emitsAndAcks(IO.Options o) throws Exception {
        Socket socket = IO.socket(server.baseUrl(), o);
        BlockingQueue<Object[]> auth = new LinkedBlockingQueue<>();
        BlockingQueue<Object[]> back = new LinkedBlockingQueue<>();
        socket.on("auth", auth::add).on("message-back", back::add);
        socket.connect();
        try {
            assertThat(((JSONObject) next(auth)[0]).getString("token")).isEqualTo("java");
            socket.emit("message", "text", 42, new JSONObject().put("k", true));
            Object[] echoed = next(back);
            assertThat(echoed[0]).isEqualTo("text");
            assertThat(echoed[1]).isEqualTo(42);
            assertThat(((JSONObject) echoed[2]).getBoolean("k")).isTrue();

            socket.emit("message", (Object) new byte[] {9, 8, 7});
            assertThat((byte[]) next(back)[0]).containsExactly(9, 8, 7);

            BlockingQueue<Object[]> acks = new LinkedBlockingQueue<>();
            socket.emit("message-with-ack", new Object[] {"a", new byte[] {1}}, (Ack) acks::add);
            Object[] acked = next(acks);
            assertThat(acked[0]).isEqualTo("a");
            assertThat((byte[]) acked[1]).containsExactly(1);
        } finally {
            socket.close();
        }
    }

    @Test
    void roomsAndServerAcksAndReconnecting() throws Exception {
        Socket socket = IO.socket(server.baseUrl() + "/rooms", IO.Options.builder().setForceNew(true).build());
        BlockingQueue<Object[]> said = new LinkedBlockingQueue<>();
        BlockingQueue<Object[]> answers = new LinkedBlockingQueue<>();
        socket.on("said", said::add).on("answer", answers::add);
        socket.on("question", args -> ((Ack) args[args.length - 1]).call(((Integer) args[0]) + 1));
        socket.connect();
        try {
            BlockingQueue<Object[]> joined = new LinkedBlockingQueue<>();
            socket.emit("join", new Object[] {"java-room"}, (Ack) joined::add);
            assertThat(next(joined)[0]).isEqualTo("joined");
            socket.emit("say", "java-room", "hello");
            assertThat(next(said)[0]).isEqualTo("hello");
            socket.emit("ask", 1);
            Object[] answer = next(answers);
            assertThat(answer[0] == null || JSONObject.NULL.equals(answer[0])).as("no error").isTrue();
            assertThat(answer[1]).isEqualTo(2);

            // One step at a time: the Java client drops pending acks if it reconnects while its last connection
            // is still closing (disconnect() and connect() back to back race inside the client).
            BlockingQueue<Object[]> states = new LinkedBlockingQueue<>();
            socket.on(Socket.EVENT_DISCONNECT, states::add).on(Socket.EVENT_CONNECT, states::add);
            socket.disconnect();
            next(states);
            socket.connect();
            next(states);
            socket.emit("join", new Object[] {"java-room"}, (Ack) joined::add);
            assertThat(next(joined)[0]).isEqualTo("joined");
            socket.emit("say", "java-room", "again");
            assertThat(next(said)[0]).isEqualTo("again");
        } finally {
            socket.close();
        }
    }
}
