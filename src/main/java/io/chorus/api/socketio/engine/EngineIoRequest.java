package io.chorus.api.socketio.engine;

import io.vertx.core.MultiMap;

import java.util.Map;

/**
 * The request that opened a session (the first polling GET, or the WebSocket upgrade), kept for the layers above:
 * browsers can set custom headers only on polling requests, so this is where they are found. It lives as long as
 * the connection, so its headers and query are kept as flat name/value arrays (a request has a dozen or so: a
 * linear search is as quick as a map and a fraction of its size), looked up without regard to case.
 */
public final class EngineIoRequest {
    private final String[] headers;
    private final String[] query;
    private final String remoteAddress;

    public EngineIoRequest(MultiMap headers, MultiMap query, String remoteAddress) {
        this.headers = flatten(headers);
        this.query = flatten(query);
        this.remoteAddress = remoteAddress;
    }

    /** The header's first value, or null. */
    public String header(String name) { return find(headers, name); }

    /** The query parameter's first value, or null. */
    public String query(String name) { return find(query, name); }

    public String remoteAddress() { return remoteAddress; }

    /** Every entry, repeated names included (MultiMap.size() counts names, not entries). */
    private static String[] flatten(MultiMap entries) {
        int n = 0;
        for (Map.Entry<String, String> ignored : entries) n++;
        String[] out = new String[n * 2];
        int i = 0;
        for (Map.Entry<String, String> e : entries) {
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return out;
    }

    private static String find(String[] pairs, String name) {
        for (int i = 0; i < pairs.length; i += 2) if (pairs[i].equalsIgnoreCase(name)) return pairs[i + 1];
        return null;
    }
}
