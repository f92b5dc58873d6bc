package io.chorus.api.diode;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.diode.jsonrpc.Params;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A remote API method: its name, the names its by-position (legacy) params map to, whether it needs the WebSocket
 * transport, and its handler. Handlers block (they run on virtual threads) and return the JSON-RPC result; a method
 * may also have a handler that does not block ({@code now}, null when there is none).
 */
record DiodeMethod(String name, List<String> positional, boolean webSocketOnly, Handler handler, NowHandler now) {

    @FunctionalInterface
    interface Handler {
        JsonNode handle(DiodeCall call, Params params) throws Exception;
    }

    /**
     * The same call without blocking, on the event loop, where it can be done so: the pending result, or null (having
     * done nothing) when the call needs the blocking {@link Handler}. It throws what the blocking handler would.
     */
    @FunctionalInterface
    interface NowHandler {
        CompletableFuture<JsonNode> handle(DiodeCall call, Params params) throws Exception;
    }
}
