package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.device.DeviceDomain;
import io.chorus.fanout.Shard;
import io.chorus.transport.OffLoop;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The REST API under {@code /api/rest} (token endpoints also under {@code /auth/rest}): each route runs the same
 * action as the WebSocket API, so both behave alike, and reshapes the answer as the reference's REST does (the
 * object itself, 201 for what was created, 204 for updates and deletions, errors as {@code {error, message}}).
 * Long polling: {@code .../poll} answers with what is stored after {@code timestamp}, or the first live items, or
 * {@code []} after {@code waitTimeout} seconds (default 30, at most 60).
 */
final class DhRest {
    static final String PREFIX = "/api/rest";
    static final String AUTH_PREFIX = "/auth/rest";
    private static final int MAX_BODY = 256 * 1024;

    private final DhActions actions;
    private final DhAuthActions auth;
    private final DeviceDomain devices;
    private final DhJson json;
    private final Executor blocking;

    DhRest(DhActions actions, DhAuthActions auth, DeviceDomain devices, DhJson json, Executor blocking) {
        this.actions = actions;
        this.auth = auth;
        this.devices = devices;
        this.json = json;
        this.blocking = blocking;
    }

    /** One REST request's caller: the Bearer token's principal, checked when the action needs it. */
    private final class RestCaller implements DhCaller {
        private final String token;
        private final String host;
        private DhPrincipal principal;

        RestCaller(RoutingContext rc) {
            String h = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
            this.token = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
            this.host = DhRest.host(rc);
        }

        /** A refresh token (or any token that is not a valid access token's) is "Unauthorized" here, as in the reference's REST filter. */
        @Override
        public DhPrincipal principal() {
            if (principal == null && token != null) {
                try {
                    principal = auth.principal(token);
                } catch (DhError e) {
                    if (e.code() == 401 && e.getMessage().equals("Invalid credentials")) throw new DhError(401, "Unauthorized");
                    throw e;
                }
            }
            return principal;
        }

        @Override
        public void authenticated(DhPrincipal p) { principal = p; }

        @Override
        public String host() { return host; }
    }

    // ---- routes

    void mount(Router router, Shard shard) {
        router.route(PREFIX + "/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
        router.route(AUTH_PREFIX + "/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
        for (String p : List.of(PREFIX, AUTH_PREFIX)) {
            post(router, p + "/token", "token", (rc, m) -> m.setAll(body(rc)), 201, null);
            post(router, p + "/token/refresh", "token/refresh", (rc, m) -> m.setAll(body(rc)), 201, null);
            post(router, p + "/token/create", "token/create", (rc, m) -> m.set("payload", body(rc)), 201, null);
        }
        router.get(PREFIX + "/info").handler(this::info);
        get(router, PREFIX + "/info/cache", "server/cacheInfo", (rc, m) -> m, "cacheInfo");
        get(router, PREFIX + "/info/config/cluster", "cluster/info", (rc, m) -> m, "clusterInfo");
        String c = PREFIX + "/configuration/:name";
        get(router, c, "configuration/get", (rc, m) -> m.put("name", rc.pathParam("name")), "configuration");
        put(router, c, "configuration/put", (rc, m) -> m.put("name", rc.pathParam("name")).setAll(body(rc)), 200, "configuration");
        delete(router, c, "configuration/delete", (rc, m) -> m.put("name", rc.pathParam("name")));

        // Polls before the routes whose path parameters would swallow "poll".
        router.get(PREFIX + "/device/command/poll").handler(rc -> poll(rc, shard, true, null));
        router.get(PREFIX + "/device/notification/poll").handler(rc -> poll(rc, shard, false, null));
        router.get(PREFIX + "/device/:id/command/poll").handler(rc -> poll(rc, shard, true, rc.pathParam("id")));
        router.get(PREFIX + "/device/:id/notification/poll").handler(rc -> poll(rc, shard, false, rc.pathParam("id")));
        router.get(PREFIX + "/device/:id/command/:cid/poll").handler(rc -> waitForUpdate(rc, shard));

        get(router, PREFIX + "/device/count", "device/count", DhRest::query, null);
        get(router, PREFIX + "/device", "device/list", DhRest::query, "devices");
        get(router, PREFIX + "/device/:id", "device/get", DhRest::device, "device");
        put(router, PREFIX + "/device/:id", "device/save", (rc, m) -> device(rc, m).set("device", body(rc)), 204, null);
        delete(router, PREFIX + "/device/:id", "device/delete", DhRest::device);

        get(router, PREFIX + "/device/:id/command", "command/list", (rc, m) -> device(rc, query(rc, m)), "commands");
        post(router, PREFIX + "/device/:id/command", "command/insert", (rc, m) -> device(rc, m).set("command", body(rc)), 201, "command");
        get(router, PREFIX + "/device/:id/command/:cid", "command/get",
                (rc, m) -> device(rc, query(rc, m)).put("commandId", rc.pathParam("cid")), "command");
        put(router, PREFIX + "/device/:id/command/:cid", "command/update",
                (rc, m) -> device(rc, m).put("commandId", rc.pathParam("cid")).set("command", body(rc)), 204, null);
        get(router, PREFIX + "/device/:id/notification", "notification/list", (rc, m) -> device(rc, query(rc, m)), "notifications");
        post(router, PREFIX + "/device/:id/notification", "notification/insert",
                (rc, m) -> device(rc, m).set("notification", body(rc)), 201, "notification");
        get(router, PREFIX + "/device/:id/notification/:nid", "notification/get",
                (rc, m) -> device(rc, m).put("notificationId", rc.pathParam("nid")), "notification");

        // Stored notifications never change and commands are never deleted: the reference's 405 (Jersey's text).
        notAllowed(router, HttpMethod.PUT, PREFIX + "/device/:id/notification/:nid");
        notAllowed(router, HttpMethod.DELETE, PREFIX + "/device/:id/notification/:nid");
        notAllowed(router, HttpMethod.DELETE, PREFIX + "/device/:id/command/:cid");

        named(router, "network", "networkId", "network", "networks");
        named(router, "devicetype", "deviceTypeId", "deviceType", "deviceTypes");

        get(router, PREFIX + "/user/count", "user/count", DhRest::query, null);
        get(router, PREFIX + "/user/current", "user/getCurrent", (rc, m) -> m, "current");
        put(router, PREFIX + "/user/current", "user/updateCurrent", (rc, m) -> m.set("user", body(rc)), 204, null);
        get(router, PREFIX + "/user", "user/list", DhRest::query, "users");
        post(router, PREFIX + "/user", "user/insert", (rc, m) -> m.set("user", body(rc)), 201, "user");
        get(router, PREFIX + "/user/:id", "user/get", DhRest::user, "user");
        put(router, PREFIX + "/user/:id", "user/update", (rc, m) -> user(rc, m).set("user", body(rc)), 204, null);
        delete(router, PREFIX + "/user/:id", "user/delete", DhRest::user);
        String un = PREFIX + "/user/:id/network/:nid";
        get(router, un, "user/getNetwork", (rc, m) -> user(rc, m).put("networkId", rc.pathParam("nid")), "network");
        put(router, un, "user/assignNetwork", (rc, m) -> user(rc, m).put("networkId", rc.pathParam("nid")), 204, null);
        delete(router, un, "user/unassignNetwork", (rc, m) -> user(rc, m).put("networkId", rc.pathParam("nid")));
        put(router, PREFIX + "/user/:id/devicetype/all", "user/allowAllDeviceTypes", DhRest::user, 204, null);
        delete(router, PREFIX + "/user/:id/devicetype/all", "user/disallowAllDeviceTypes", DhRest::user);
        get(router, PREFIX + "/user/:id/devicetype", "user/getDeviceTypes", DhRest::user, "deviceTypes");
        String ut = PREFIX + "/user/:id/devicetype/:tid";
        get(router, ut, "user/getDeviceType", (rc, m) -> user(rc, m).put("deviceTypeId", rc.pathParam("tid")), "deviceType");
        put(router, ut, "user/assignDeviceType", (rc, m) -> user(rc, m).put("deviceTypeId", rc.pathParam("tid")), 204, null);
        delete(router, ut, "user/unassignDeviceType", (rc, m) -> user(rc, m).put("deviceTypeId", rc.pathParam("tid")));
    }

    /** network and devicetype share one shape. */
    private void named(Router router, String path, String idParam, String key, String listKey) {
        String base = PREFIX + "/" + path;
        get(router, base + "/count", path + "/count", DhRest::query, null);
        get(router, base, path + "/list", DhRest::query, listKey);
        post(router, base, path + "/insert", (rc, m) -> m.set(key, body(rc)), 201, key);
        get(router, base + "/:id", path + "/get", (rc, m) -> m.put(idParam, rc.pathParam("id")), key);
        put(router, base + "/:id", path + "/update", (rc, m) -> m.put(idParam, rc.pathParam("id")).set(key, body(rc)), 204, null);
        delete(router, base + "/:id", path + "/delete", (rc, m) -> query(rc, m).put(idParam, rc.pathParam("id")));
    }

    private static ObjectNode device(RoutingContext rc, ObjectNode m) { return m.put("deviceId", rc.pathParam("id")); }

    private static ObjectNode user(RoutingContext rc, ObjectNode m) { return m.put("userId", rc.pathParam("id")); }

    /** Query parameters become request fields (the actions parse numbers and booleans from text). */
    private static ObjectNode query(RoutingContext rc, ObjectNode m) {
        for (Map.Entry<String, String> e : rc.queryParams()) m.put(e.getKey(), e.getValue());
        return m;
    }

    private ObjectNode body(RoutingContext rc) {
        String text = rc.body() == null || rc.body().buffer() == null ? "" : rc.body().asString();
        if (text.isBlank()) return json.object();
        try {
            JsonNode b = json.mapper.readTree(text);
            if (b instanceof ObjectNode o) return o;
        } catch (java.io.IOException ignored) {
            // Answered below.
        }
        throw DhError.badRequest("Malformed Json received.");
    }

    private interface Build { ObjectNode build(RoutingContext rc, ObjectNode message); }

    private void get(Router r, String path, String action, Build b, String key) { r.get(path).handler(rc -> run(rc, action, b, 200, key)); }

    private void post(Router r, String path, String action, Build b, int status, String key) {
        r.post(path).handler(rc -> run(rc, action, b, status, key));
    }

    private void put(Router r, String path, String action, Build b, int status, String key) {
        r.put(path).handler(rc -> run(rc, action, b, status, key));
    }

    private void notAllowed(Router r, HttpMethod method, String path) {
        r.route(method, path).handler(rc -> error(rc, 405, "HTTP 405 Method Not Allowed"));
    }

    private void delete(Router r, String path, String action, Build b) { r.delete(path).handler(rc -> run(rc, action, b, 204, null)); }

    /** Runs the action; {@code key} picks the part of the answer REST returns (null: all of it, minus the envelope). */
    private void run(RoutingContext rc, String action, Build build, int status, String key) {
        RestCaller caller = new RestCaller(rc);
        OffLoop.call(blocking, () -> {
            ObjectNode message;
            try {
                message = build.build(rc, json.object().put("action", action));
            } catch (DhError e) {
                return json.object().put("code", e.code()).put("status", "error").put("error", e.getMessage());
            }
            return actions.handle(new DhRequest(message, caller));
        }).onComplete(ar -> {
            if (ar.failed()) {
                error(rc, 500, "Internal server error");
                return;
            }
            ObjectNode out = ar.result();
            if ("error".equals(out.path("status").asText())) {
                error(rc, out.path("code").asInt(500), out.path("error").asText());
                return;
            }
            if (status == 204) {
                rc.response().setStatusCode(204).end();
                return;
            }
            JsonNode body = key != null ? out.get(key) : strip(out);
            send(rc, status, body == null ? json.mapper.nullNode() : body);
        });
    }

    private static ObjectNode strip(ObjectNode out) {
        ObjectNode copy = out.deepCopy();
        copy.remove(List.of("action", "requestId", "status"));
        return copy;
    }

    private void info(RoutingContext rc) {
        String host = host(rc);
        ObjectNode info = json.object().put("apiVersion", DhInfoActions.API_VERSION)
                .put("serverTimestamp", DhJson.timestamp(System.currentTimeMillis()))
                .put("webSocketServerUrl", host == null ? null : "ws://" + host + DeviceHiveApi.WS_PATH)
                .put("restServerUrl", host == null ? null : "http://" + host + PREFIX);
        send(rc, 200, info);
    }

    /** host[:port] the client used (Vert.x keeps the Host header as the request's authority). */
    static String host(RoutingContext rc) {
        var a = rc.request().authority();
        return a == null ? null : a.host() + (a.port() > 0 ? ":" + a.port() : "");
    }

    // ---- long polling

    private void poll(RoutingContext rc, Shard shard, boolean commands, String deviceId) {
        RestCaller caller = new RestCaller(rc);
        OffLoop.call(blocking, () -> pollFilter(rc, caller, commands, deviceId)).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof DhError e) error(rc, e.code(), e.getMessage());
                else error(rc, 500, "Internal server error");
                return;
            }
            PollRequest p = ar.result();
            DhPoll poll = new DhPoll(shard, p.filter, p.after, p.limit, json, items -> {
                if (!rc.response().ended() && !rc.response().closed()) send(rc, 200, items);
            });
            rc.response().closeHandler(v -> poll.cancel());
            poll.start(devices.store(), blocking, p.waitMillis);
        });
    }

    private record PollRequest(DhSubscription filter, Long after, int limit, long waitMillis) {}

    private PollRequest pollFilter(RoutingContext rc, RestCaller caller, boolean commands, String deviceId) {
        ObjectNode m = query(rc, json.object());
        DhRequest r = new DhRequest(m, caller);
        DhPrincipal p = r.require(commands ? DhPermission.GET_DEVICE_COMMAND : DhPermission.GET_DEVICE_NOTIFICATION);
        String device = deviceId != null ? deviceId : r.text("deviceId");
        Set<Long> networks = null;
        Set<Long> types = null;
        if (device != null) {
            DhDirectoryActions.reachable(devices, p, device);
        } else {
            networks = restrict(csvIds(r.text("networkIds")), p.networks());
            types = restrict(csvIds(r.text("deviceTypeIds")), p.deviceTypes());
            if ((networks != null && networks.isEmpty()) || (types != null && types.isEmpty())) {
                throw new DhError(403, "No access to any device type or network");
            }
        }
        String namesText = r.text("names");
        Set<String> names = namesText == null || namesText.isBlank() ? null : new LinkedHashSet<>(Arrays.asList(namesText.split(",")));
        String ts = r.text("timestamp");
        int wait = r.intOr("waitTimeout", 30);
        if (wait < 0 || wait > 60) throw DhError.badRequest("waitTimeout should be from 0 to 60 seconds");
        Long after = ts == null ? null : DhJson.parseTimestamp(ts);
        DhSubscription filter = new DhSubscription(0, commands, device, networks, types, names,
                commands && r.bool("returnUpdatedCommands", false), ts,
                DhSubscription.startingAfter(after, devices.store().timeGivenUpTo()));
        return new PollRequest(filter, after, r.intOr("limit", 100), wait * 1000L);
    }

    private static Set<Long> csvIds(String text) {
        if (text == null || text.isBlank()) return null;
        Set<Long> out = new LinkedHashSet<>();
        for (String s : text.split(",")) {
            try {
                out.add(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                throw DhError.badRequest("Invalid request parameters");
            }
        }
        return out;
    }

    private static Set<Long> restrict(Set<Long> requested, Set<Long> allowed) {
        if (requested == null) return allowed;
        if (allowed != null && !allowed.containsAll(requested)) throw DhError.denied();
        return requested;
    }

    /** {@code GET /device/{id}/command/{cid}/poll}: the command once it has been updated, 204 if not within the wait. */
    private void waitForUpdate(RoutingContext rc, Shard shard) {
        RestCaller caller = new RestCaller(rc);
        OffLoop.call(blocking, () -> {
            DhRequest r = new DhRequest(query(rc, json.object()), caller);
            DhPrincipal p = r.require(DhPermission.GET_DEVICE_COMMAND);
            String deviceId = rc.pathParam("id");
            DhDirectoryActions.reachable(devices, p, deviceId);
            long id;
            try {
                id = Long.parseLong(rc.pathParam("cid"));
            } catch (NumberFormatException e) {
                throw DhError.badRequest("Command id is wrong or empty");
            }
            var command = devices.store().command(id).filter(c -> c.deviceId().equals(deviceId))
                    .orElseThrow(() -> DhError.notFound("Command with id = " + id + " not found"));
            int wait = r.intOr("waitTimeout", 30);
            if (wait < 0 || wait > 60) throw DhError.badRequest("waitTimeout should be from 0 to 60 seconds");
            return new Object[] {command, wait};
        }).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof DhError e) error(rc, e.code(), e.getMessage());
                else error(rc, 500, "Internal server error");
                return;
            }
            var command = (io.chorus.core.device.DeviceCommand) ar.result()[0];
            if (command.lastUpdated() > command.timestamp()) {
                send(rc, 200, json.command(command));
                return;
            }
            // The poll listens, then reads the command again: an update committed since the read above is not missed.
            DhPoll poll = DhPoll.commandUpdate(shard, command.deviceId(), command.id(), json, items -> {
                if (rc.response().ended() || rc.response().closed()) return;
                if (items.isEmpty()) rc.response().setStatusCode(204).end();
                else send(rc, 200, items.get(0));
            });
            rc.response().closeHandler(v -> poll.cancel());
            poll.start(devices.store(), blocking, (int) ar.result()[1] * 1000L);
        });
    }

    // ---- answers

    private static void send(RoutingContext rc, int status, JsonNode body) {
        if (rc.response().ended()) return;
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toString());
    }

    private void error(RoutingContext rc, int code, String message) {
        send(rc, code, json.object().put("error", code).put("message", message));
    }

}
