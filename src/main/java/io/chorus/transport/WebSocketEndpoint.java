package io.chorus.transport;

import io.chorus.fanout.Shard;
import io.vertx.core.http.HttpServerRequest;

import java.util.function.ToIntFunction;

/**
 * A WebSocket path of some facade: {@code admit} looks at the upgrade request and answers 0 to accept it or the
 * HTTP status to refuse it with; {@code accept} takes the open socket on the loop (shard) it arrived on, with the
 * upgrade request (read what is needed of it there: the socket does not keep it).
 *
 * @param maxMessageBytes the largest message, after continuation frames are joined; 0 hands every frame over as
 *                        it comes (a byte stream, as MQTT over WebSocket is)
 * @param subProtocols    the subprotocols offered, comma-separated, or null
 */
public record WebSocketEndpoint(ToIntFunction<HttpServerRequest> admit, int maxMessageBytes, String subProtocols,
                                Acceptor accept) {
    public interface Acceptor {
        void accept(WebSocketConnection ws, HttpServerRequest upgrade, Shard shard);
    }

    /** An endpoint that admits every upgrade and takes whole messages up to {@code maxMessageBytes}. */
    public static WebSocketEndpoint messages(int maxMessageBytes, Acceptor accept) {
        return new WebSocketEndpoint(h -> 0, maxMessageBytes, null, accept);
    }
}
