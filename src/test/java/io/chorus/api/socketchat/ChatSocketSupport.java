package io.chorus.api.socketchat;

import io.chorus.support.TestServer;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONObject;

import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Chat sockets for Java tests, through the Java Socket.IO client (io.socket:socket.io-client). */
public final class ChatSocketSupport {
    private ChatSocketSupport() {}

    /** A connected chat socket; its {@code message} events land in {@code inbox}. */
    public record ChatSocket(Socket socket, BlockingQueue<JSONObject> inbox) implements AutoCloseable {
        public JSONObject next() throws InterruptedException {
            JSONObject m = inbox.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a message event within 10 s").isNotNull();
            return m;
        }

        /** Emits and waits for the server's acknowledgement. */
        public JSONObject emit(String event, JSONObject payload) throws InterruptedException {
            BlockingQueue<Object> reply = new LinkedBlockingQueue<>();
            socket.emit(event, new Object[] {payload}, (Ack) args -> reply.add(args.length > 0 ? args[0] : "none"));
            Object r = reply.poll(10, TimeUnit.SECONDS);
            assertThat(r).as("an acknowledgement within 10 s").isInstanceOf(JSONObject.class);
            return (JSONObject) r;
        }

        @Override
        public void close() { socket.close(); }
    }

    /** Connects over WebSocket with the seed's headers ({@code authorisation}, {@code channels}, {@code id}). */
    public static ChatSocket connect(TestServer server, String token, String userId, List<String> channels) throws Exception {
        IO.Options o = IO.Options.builder().setForceNew(true).setTransports(new String[] {"websocket"})
                .setExtraHeaders(Map.of("authorisation", List.of(token), "channels", List.of(String.join(",", channels)),
                        "id", List.of(userId)))
                .build();
        Socket socket;
        try {
            socket = IO.socket(server.baseUrl(), o);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        BlockingQueue<JSONObject> inbox = new LinkedBlockingQueue<>();
        BlockingQueue<Boolean> connected = new LinkedBlockingQueue<>();
        socket.on("message", args -> inbox.add((JSONObject) args[0]));
        socket.on(Socket.EVENT_CONNECT, args -> connected.add(true));
        socket.connect();
        assertThat(connected.poll(10, TimeUnit.SECONDS)).as("connected").isTrue();
        return new ChatSocket(socket, inbox);
    }

    /** Sends one chat message as the account (through a short-lived socket) and returns the server's copy. */
    static JSONObject send(TestServer server, ChatRestTest.Account from, String channel, String text) {
        try (ChatSocket s = connect(server, from.token(), from.id(), List.of())) {
            JSONObject reply = s.emit("message", new JSONObject().put("content", text).put("channel", channel));
            assertThat(reply.has("error")).as(reply.toString()).isFalse();
            return reply;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
