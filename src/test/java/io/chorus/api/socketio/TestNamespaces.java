package io.chorus.api.socketio;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Namespaces the client tests drive, beside the conformance echo ("/" and "/custom"): "/private" admits only
 * auth token "secret", reads the auth payload only while connecting, and reports the handshake's x-client header and
 * auth token on connecting ("whoami") and when asked later ("whoami-later", a namespace-wide handler); "/rooms"
 * (with recovery, handlers per socket) joins rooms, broadcasts to them, and asks the client a question with an
 * acknowledgement.
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

    private static ObjectNode whoami(SocketIoSocket s) {
        return F.objectNode().put("header", s.handshake().header("x-client"))
                .put("token", s.handshake().auth().path("token").asText(null));
    }

    static void register(SocketIoServer io) {
        io.of("/private").readsAuthOnlyWhileConnecting().use((socket, next) -> {
            if ("secret".equals(socket.handshake().auth().path("token").asText())) next.accept(null);
            else next.accept(new ConnectError("Not authorized", F.objectNode().put("reason", "bad token")));
        }).onConnection(s -> s.emit("whoami", whoami(s)))
                .on("whoami-later", (socket, args, ack) -> socket.emit("whoami", whoami(socket)));

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
