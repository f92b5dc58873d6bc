package io.chorus.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.Accounts;
import io.chorus.core.Channel;
import io.chorus.core.Chorus;
import io.chorus.core.ChorusException;
import io.chorus.core.Member;
import io.chorus.core.Role;
import io.chorus.core.User;
import io.chorus.core.Zone;
import io.chorus.server.AdminToken;
import io.chorus.transport.OffLoop;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** The admin HTTP API under {@code /admin}: JSON in and out, {@code Authorization: Bearer <admin token>}. */
public final class AdminApi {
    private final Chorus core;
    private final AdminToken token;
    private final ObjectMapper json;

    public AdminApi(Chorus core, AdminToken token, ObjectMapper json) {
        this.core = core;
        this.token = token;
        this.json = json;
    }

    public void mount(Router router) {
        router.route("/admin/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(this::authorize);
        router.post("/admin/users").handler(rc -> respond(rc, 201, () -> createUser(body(rc))));
        router.get("/admin/users").handler(rc -> respond(rc, 200, this::listUsers));
        router.post("/admin/users/:userId/remote-api").handler(rc -> respond(rc, 200,
                () -> remoteApi(rc.pathParam("userId"), body(rc))));
        router.post("/admin/zones").handler(rc -> respond(rc, 201, () -> createZone(body(rc))));
        router.get("/admin/zones").handler(rc -> respond(rc, 200, this::listZones));
        router.get("/admin/zones/:zoneId").handler(rc -> respond(rc, 200, () -> zone(rc.pathParam("zoneId"))));
        router.post("/admin/zones/:zoneId/channels").handler(rc -> respond(rc, 201,
                () -> createChannel(rc.pathParam("zoneId"), body(rc))));
        router.put("/admin/zones/:zoneId/members/:userId").handler(rc -> respond(rc, 200,
                () -> setMember(rc.pathParam("zoneId"), rc.pathParam("userId"), body(rc))));
        router.delete("/admin/zones/:zoneId/members/:userId").handler(rc -> respond(rc, 200,
                () -> removeMember(rc.pathParam("zoneId"), rc.pathParam("userId"))));
        router.route("/admin/*").handler(rc -> error(rc, 404, "not_found", "no such admin route"));
    }

    private void authorize(RoutingContext rc) {
        String h = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        String presented = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        if (!token.matches(presented)) {
            error(rc, 401, "unauthorized", presented == null ? "missing admin bearer token" : "invalid admin token");
            return;
        }
        rc.next();
    }

    // ---- handlers (blocking, on virtual threads)

    private JsonNode createUser(JsonNode b) {
        User u = core.accounts().createUser(text(b, "username", true), text(b, "nickname", false),
                text(b, "password", false), text(b, "avatar_url", false));
        return userJson(u, false);
    }

    private JsonNode listUsers() {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("users");
        for (User u : core.directory().users()) list.add(userJson(u, true));
        return out;
    }

    private ObjectNode userJson(User u, boolean withApi) {
        ObjectNode o = json.createObjectNode();
        o.put("id", u.id());
        o.put("username", u.username());
        o.put("nickname", u.displayName());
        o.put("address", u.address());
        if (withApi) o.put("remote_api_enabled", u.remoteApiEnabled());
        return o;
    }

    private JsonNode remoteApi(String userId, JsonNode b) {
        String action = text(b, "action", true).toLowerCase(Locale.ROOT);
        Accounts.RemoteApiAction a = switch (action) {
            case "enable" -> Accounts.RemoteApiAction.ENABLE;
            case "disable" -> Accounts.RemoteApiAction.DISABLE;
            case "generate-token" -> Accounts.RemoteApiAction.GENERATE_TOKEN;
            case "status" -> Accounts.RemoteApiAction.STATUS;
            default -> throw ChorusException.invalid("invalid_action",
                    "action must be enable, disable, generate-token or status");
        };
        User u = core.accounts().remoteApi(userId, a);
        ObjectNode o = json.createObjectNode();
        o.put("enabled", u.remoteApiEnabled());
        if (a == Accounts.RemoteApiAction.GENERATE_TOKEN) o.put("token", u.remoteApiToken());
        return o;
    }

    private JsonNode createZone(JsonNode b) {
        Zone z = core.zones().createZone(text(b, "id", false), text(b, "name", true));
        ObjectNode o = zoneJson(z);
        ArrayNode channels = o.putArray("channels");
        for (Channel c : core.directory().channels(z.id())) channels.addObject().put("id", c.id()).put("name", c.name());
        return o;
    }

    private JsonNode listZones() {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("zones");
        for (Zone z : core.directory().zones()) list.add(zoneJson(z));
        return out;
    }

    private JsonNode zone(String zoneId) {
        Zone z = core.zones().requireZone(zoneId);
        ObjectNode o = zoneJson(z);
        ArrayNode channels = o.putArray("channels");
        for (Channel c : core.directory().channels(zoneId)) {
            ObjectNode co = channels.addObject().put("id", c.id()).put("name", c.name()).put("kind", c.kind().dbName());
            if (!c.isOpen()) co.set("members", json.valueToTree(c.members()));
        }
        ArrayNode members = o.putArray("members");
        for (Member m : core.directory().members(zoneId)) {
            members.addObject().put("user_id", m.userId())
                    .put("username", core.directory().user(m.userId()).map(User::username).orElse(null))
                    .put("role", m.role().wireName());
        }
        return o;
    }

    private ObjectNode zoneJson(Zone z) {
        ObjectNode o = json.createObjectNode();
        o.put("id", z.id());
        o.put("name", z.name());
        return o;
    }

    private JsonNode createChannel(String zoneId, JsonNode b) {
        List<String> members = b.has("members") ? json.convertValue(b.get("members"),
                json.getTypeFactory().constructCollectionType(List.class, String.class)) : List.of();
        Channel c = core.zones().createChannel(zoneId, text(b, "name", true), members);
        return json.createObjectNode().put("id", c.id()).put("name", c.name());
    }

    private JsonNode setMember(String zoneId, String userId, JsonNode b) {
        Role role = Role.parse(text(b, "role", true)).orElseThrow(() -> ChorusException.invalid("invalid_role",
                "role must be Owner, Admin, Member, Reader or Bot"));
        Member m = core.zones().setMember(zoneId, userId, role);
        return json.createObjectNode().put("zone_id", m.zoneId()).put("user_id", m.userId()).put("role", m.role().wireName());
    }

    private JsonNode removeMember(String zoneId, String userId) {
        core.zones().removeMember(zoneId, userId);
        return json.createObjectNode().put("zone_id", zoneId).put("user_id", userId).put("removed", true);
    }

    // ---- plumbing

    private JsonNode body(RoutingContext rc) {
        if (rc.body() == null || rc.body().buffer() == null || rc.body().length() == 0) {
            throw ChorusException.invalid("invalid_json", "a JSON object body is required");
        }
        try {
            JsonNode n = json.readTree(rc.body().buffer().getBytes());
            if (n == null || !n.isObject()) throw ChorusException.invalid("invalid_json", "the body must be a JSON object");
            return n;
        } catch (java.io.IOException e) {
            throw ChorusException.invalid("invalid_json", "the body is not valid JSON");
        }
    }

    private static String text(JsonNode b, String field, boolean required) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            if (required) throw ChorusException.invalid("missing_field", field + " is required");
            return null;
        }
        if (!v.isTextual()) throw ChorusException.invalid("invalid_field", field + " must be a string");
        return v.asText();
    }

    private void respond(RoutingContext rc, int status, Callable<JsonNode> work) {
        OffLoop.call(core.blocking(), work).onComplete(ar -> {
            if (ar.succeeded()) {
                rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(ar.result().toString());
            } else if (ar.cause() instanceof ChorusException e) {
                int code = switch (e.kind()) {
                    case INVALID -> 400;
                    case NOT_FOUND -> 404;
                    case CONFLICT -> 409;
                    case FORBIDDEN -> 403;
                    case LIMITED -> 429;
                    case UNAVAILABLE -> 503;
                };
                error(rc, code, e.atom(), e.details());
            } else {
                rc.fail(ar.cause());
            }
        });
    }

    private void error(RoutingContext rc, int status, String error, String reason) {
        ObjectNode o = json.createObjectNode().put("error", error).put("reason", reason);
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(o.toString());
    }

}
