package io.chorus.api.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.chorus.fanout.Publication;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which sockets an event published by the rest of Chorus reaches: those with a room whose topic it names. */
class NamespaceEventsTest {
    private final ObjectMapper json = new ObjectMapper();
    private final SocketIoServer server = new SocketIoServer(json, p -> {}, 45_000, 0, 64);
    private final Namespace ns = server.of("/chat")
            .roomTopics(room -> room.startsWith("c:") ? room : null);

    NamespaceEventsTest() {
        ns.events(new EventFormat(ns) {
            @Override
            protected ArrayNode eventArray(Object event) { return json.createArrayNode().add("said").add((String) event); }
        });
    }

    private boolean reaches(String topic, String... rooms) {
        return ns.packetFor(new Publication(List.of("elsewhere", topic), null, "hi"), "socket-1", Set.of(rooms)) != null;
    }

    @Test
    void reachesSocketsInTheRoomsItsTopicsName() {
        assertThat(reaches("c:42", "", "socket-1", "c:42")).isTrue();         // a mapped room: the core topic itself
        assertThat(reaches("sio:/chat#lobby", "lobby")).isTrue();             // an ordinary room of this namespace
        assertThat(reaches("sio:/chat#", "")).isTrue();                       // the namespace's own room
        assertThat(reaches("sio:/chat#socket-1", "socket-1")).isTrue();       // the socket's id room
    }

    @Test
    void missesEverythingElse() {
        assertThat(reaches("c:42", "c:4", "c:420", "")).isFalse();
        assertThat(reaches("sio:/chat#lobby", "lobb", "obby", "", "c:lobby")).isFalse();
        assertThat(reaches("sio:/chat#", "lobby")).isFalse();
        assertThat(reaches("sio:/other#lobby", "lobby")).isFalse();           // the same room of another namespace
        assertThat(reaches("sio:/chat#c:42", "c:42")).isFalse();              // a mapped room has only its mapped topic
    }

    @Test
    void namesTopicsAsTheMatchingExpects() {
        assertThat(ns.topic("")).isEqualTo("sio:/chat#").isSameAs(ns.topic(""));
        assertThat(ns.topic("lobby")).isEqualTo("sio:/chat#lobby");
        assertThat(ns.topic("c:42")).isEqualTo("c:42");
    }
}
