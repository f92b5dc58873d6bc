package io.chorus.api.socketio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.chorus.api.socketio.engine.EngineIoPacket;
import io.chorus.api.socketio.engine.EngineIoSession;

/**
 * What the official Engine.IO and Socket.IO test suites drive (`serve --socketio-conformance`): a raw Engine.IO
 * endpoint that echoes every message, and the namespaces "/" and "/custom" that emit "auth" with the handshake's
 * auth payload, answer "message" with "message-back" and acknowledge "message-with-ack" with its arguments.
 */
final class ConformanceEcho {
    private ConformanceEcho() {}

    static void register(SocketIoServer server) {
        for (String nsp : new String[] {"/", "/custom"}) {
            server.of(nsp).onConnection(socket -> socket.emit("auth", socket.handshake().auth()))
                    .on("message", (s, args, ack) -> s.emit("message-back", elements(args)))
                    .on("message-with-ack", (s, args, ack) -> {
                        if (ack != null) ack.send(elements(args));
                    });
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode[] elements(ArrayNode args) {
        com.fasterxml.jackson.databind.JsonNode[] out = new com.fasterxml.jackson.databind.JsonNode[args.size()];
        for (int i = 0; i < out.length; i++) out[i] = args.get(i);
        return out;
    }

    static EngineIoSession.Handler engineIo(EngineIoSession session) {
        return new EngineIoSession.Handler() {
            @Override
            public void onMessage(String text) { session.send(EngineIoPacket.message(text)); }

            @Override
            public void onBinary(byte[] data) { session.send(EngineIoPacket.binary(data)); }

            @Override
            public void onClose(String reason) {}
        };
    }
}
