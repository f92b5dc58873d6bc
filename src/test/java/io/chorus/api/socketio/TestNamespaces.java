package io.chorus.api.socketio;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * Namespaces the client tests drive, beside the conformance echo ("/" and "/custom"): "/private" admits only
 * auth token "secret" and reports the handshake's x-client header; "/rooms" (with recovery) joins rooms, broadcasts
 * to them, and asks the client a question with an acknowledgement.
 */
final class TestNamespaces {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private TestNamespaces() {}

    /** A server in conformance mode (the echo namespaces) with these namespaces registered too. */
    static io.chorus.support.TestServer startServer() {
        io.chorus.support.TestServer server = io.chorus.support.TestServer.start(
                c -> c.withSocketIo(SocketIoOptions.conformance(c.socketIo())));
        register(server.server().socketIo());
        return server;
    }

    static void register(SocketIoServer io) {
        io.of("/private").use((socket, next) -> {
            if ("secret".equals(socket.handshake().auth().path("token").asText())) next.accept(null);
            else next.accept(new ConnectError("Not authorized", F.objectNode().put("reason", "bad token")));
        }).onConnection(s -> s.emit("whoami", F.objectNode().put("header", s.handshake().header("x-client"))));

        io.of("/rooms").enableRecovery().onConnection(s -> {
            s.on("join", (socket, args, ack) -> {
                socket.join(args.get(0).asText());
                if (ack != null) ack.send(F.textNode("joined"));
            });
            s.on("say", (socket, args, ack) -> socket.namespace().to(args.get(0).asText(), "said", args.get(1)));
            s.on("ask", (socket, args, ack) -> socket.emitWithAck("question", 2000, (error, reply) ->
                    socket.emit("answer", error == null ? NullNode.instance : F.textNode(error),
                            reply == null || reply.isEmpty() ? NullNode.instance : reply.get(0)), args.get(0)));
        });
    }
}
