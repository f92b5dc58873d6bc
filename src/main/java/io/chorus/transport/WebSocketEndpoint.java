package io.chorus.transport;

import io.chorus.fanout.Shard;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;

import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;

/**
 * A WebSocket path of some facade: {@code admit} looks at the upgrade request and answers 0 to accept it or the
 * HTTP status to refuse it with; {@code accept} takes the open socket on the loop (shard) it arrived on.
 */
public record WebSocketEndpoint(ToIntFunction<ServerWebSocketHandshake> admit, BiConsumer<ServerWebSocket, Shard> accept) {
    public static WebSocketEndpoint always(BiConsumer<ServerWebSocket, Shard> accept) {
        return new WebSocketEndpoint(h -> 0, accept);
    }
}
