package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.core.Chorus;
import io.chorus.fanout.Shard;
import io.chorus.transport.WebSocketConnection;
import io.chorus.transport.WebSocketEndpoint;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

import java.util.Map;

/**
 * The DeviceHive API: its WebSocket endpoint at {@code /api/websocket} (and the older {@code /client} and
 * {@code /device} paths under it) over the core's device domain. Tokens are DeviceHive's JWTs.
 */
public final class DeviceHiveApi {
    public static final String WS_PATH = "/api/websocket";

    private final Chorus core;
    private final DhActions actions;
    private final DhJson json;
    private final DhRest rest;

    private final int outboundQueue;

    private final DhPresence presence;
    private final DhNodeStats stats;

    /** @param singleNode whether this is the only node (then every stored presence count is stale at start) */
    public DeviceHiveApi(Chorus core, ObjectMapper mapper, String tokenSecret, boolean referenceTokens, int outboundQueue,
                         String node, boolean singleNode,
                         String storeKind, int retentionDays) {
        this.core = core;
        this.stats = new DhNodeStats(storeKind, retentionDays);
        this.presence = new DhPresence(core.devices(), node);
        // This node is starting: whatever it (or, alone, any earlier process) counted is gone.
        core.devices().store().clearPresence(singleNode ? null : node);
        this.outboundQueue = outboundQueue;
        this.json = new DhJson(mapper);
        DhTokens tokens = new DhTokens(referenceTokens ? DhTokens.referenceKey(tokenSecret) : DhTokens.derivedKey(tokenSecret));
        this.actions = new DhActions(json);
        DhAuthActions auth = new DhAuthActions(core.devices(), tokens, json);
        auth.register(actions);
        new DhInfoActions(stats, json).register(actions);
        new DhDirectoryActions(core.devices(), json).register(actions);
        new DhMessageActions(core.devices(), json).register(actions);
        new DhUserActions(core.devices(), json).register(actions);
        this.rest = new DhRest(actions, auth, core.devices(), json, core.blocking());
    }

    /** The REST API and long polling under /api/rest (tokens also under /auth/rest). */
    public void mount(Router router, Shard shard) { rest.mount(router, shard); }

    /** Creates the default admin on first start; returns the generated password to print, or null. */
    public String ensureAdmin(String password) { return core.devices().ensureAdmin(password); }

    /** The WebSocket paths, taking messages up to {@code maxMessageBytes} (a longer one closes the socket with 1009). */
    public Map<String, WebSocketEndpoint> webSocketEndpoints(int maxMessageBytes) {
        WebSocketEndpoint ws = WebSocketEndpoint.messages(maxMessageBytes, this::accept);
        return Map.of(WS_PATH, ws, WS_PATH + "/client", ws, WS_PATH + "/device", ws);
    }

    private void accept(WebSocketConnection ws, HttpServerRequest upgrade, Shard shard) {
        new DhConnection(ws, upgrade.getHeader("Host"), shard, actions, json, core.blocking(), outboundQueue, presence, stats);
    }
}
