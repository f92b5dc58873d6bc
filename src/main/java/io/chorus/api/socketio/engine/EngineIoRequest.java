package io.chorus.api.socketio.engine;

import io.vertx.core.MultiMap;

/**
 * The request that opened a session (the first polling GET, or the WebSocket upgrade), kept for the layers above:
 * browsers can set custom headers only on polling requests, so this is where they are found.
 */
public record EngineIoRequest(MultiMap headers, MultiMap query, String remoteAddress, String url) {
    public EngineIoRequest {
        headers = MultiMap.caseInsensitiveMultiMap().addAll(headers);
        query = MultiMap.caseInsensitiveMultiMap().addAll(query);
    }

    public String header(String name) { return headers.get(name); }
}
