package io.chorus.api.socketio.engine;

import io.vertx.core.MultiMap;

import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The request that opened a session (the first polling GET, or the WebSocket upgrade), kept for the layers above:
 * browsers can set custom headers only on polling requests, so this is where they are found. It lives as long as
 * the connection, so its headers and query are kept as flat name/value arrays (a request has a dozen or so: a
 * linear search is as quick as a map and a fraction of its size), looked up without regard to case. Only the
 * names the layer above reads are kept: a browser's request carries a kilobyte or more (user agent, cookies,
 * languages, the WebSocket key) that would otherwise stay in memory for every idle connection.
 */
public final class EngineIoRequest {
    private final String[] headers;
    private final String[] query;
    private final String remoteAddress;

    /** @param kept whether a header or query parameter, by its lower-case name, is kept */
    public EngineIoRequest(MultiMap headers, MultiMap query, String remoteAddress, Predicate<String> kept) {
        this.headers = flatten(headers, kept);
        this.query = flatten(query, kept);
        this.remoteAddress = remoteAddress;
    }

    /** The header's first value, or null. */
    public String header(String name) { return find(headers, name); }

    /** The query parameter's first value, or null. */
    public String query(String name) { return find(query, name); }

    public String remoteAddress() { return remoteAddress; }

    /** Every kept entry, repeated names included (MultiMap.size() counts names, not entries). */
    private static String[] flatten(MultiMap entries, Predicate<String> kept) {
        String[] out = new String[8];
        int i = 0;
        for (Map.Entry<String, String> e : entries) {
            if (!kept.test(e.getKey().toLowerCase(Locale.ROOT))) continue;
            if (i == out.length) out = java.util.Arrays.copyOf(out, i * 2);
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return i == out.length ? out : java.util.Arrays.copyOf(out, i);
    }

    private static String find(String[] pairs, String name) {
        for (int i = 0; i < pairs.length; i += 2) if (pairs[i].equalsIgnoreCase(name)) return pairs[i + 1];
        return null;
    }
}
