package io.chorus.api.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.chorus.api.socketio.engine.EngineIoRequest;

/**
 * What a namespace's middleware knows about a connecting socket: the HTTP request that opened the connection
 * (headers, query, address), the CONNECT packet's auth payload, and when it arrived. On a server that declared its
 * handshake fields ({@link SocketIoServer#keepHandshakeFields}), headers and query parameters other than those
 * answer null. On a namespace that reads the auth payload only while connecting
 * ({@link Namespace#readsAuthOnlyWhileConnecting}), a connected socket's handshake has a missing auth node instead.
 */
public record Handshake(EngineIoRequest request, JsonNode auth, long issuedAt) {
    public String header(String name) { return request.header(name); }

    public String query(String name) { return request.query(name); }

    public String address() { return request.remoteAddress(); }

    /** The same handshake without the auth payload ({@code auth()} is then a {@link MissingNode}, never null). */
    Handshake withoutAuth() { return new Handshake(request, MissingNode.getInstance(), issuedAt); }
}
