package io.chorus.api.socketchat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.Channel;
import io.chorus.core.ChorusException;
import io.chorus.core.MessageEvent;
import io.chorus.core.User;
import io.chorus.transport.OffLoop;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * The chat API's REST endpoints, as the seed documents them: JSON or form bodies, the token in the
 * {@code Authorisation} header, the documented status codes, and {@code null} as the body of every error.
 */
final class ChatRest {
    private static final Logger LOG = LoggerFactory.getLogger(ChatRest.class);
    private static final int MAX_BODY = 64 * 1024;

    private record Reply(int status, JsonNode body) {}

    private final ChatService chat;
    private final ChatJson json;
    private final Executor blocking;

    ChatRest(ChatService chat, ChatJson json, Executor blocking) {
        this.chat = chat;
        this.json = json;
        this.blocking = blocking;
    }

    void mount(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        post(router, "/new", body, this::newSession);
        post(router, "/update-account", body, this::updateAccount);
        post(router, "/create-channel", body, this::createChannel);
        get(router, "/users", this::users);
        get(router, "/messages", this::messages);
        get(router, "/dmchannels", this::dmChannels);
        get(router, "/channels", this::channels);
    }

    private interface Endpoint { Reply handle(RoutingContext rc, JsonNode body); }

    private void post(Router router, String path, BodyHandler body, Endpoint e) {
        router.post(path).handler(body).handler(rc -> respond(rc, () -> e.handle(rc, body(rc)))).failureHandler(this::failed);
    }

    private void get(Router router, String path, Endpoint e) {
        router.get(path).handler(rc -> respond(rc, () -> e.handle(rc, null))).failureHandler(this::failed);
    }

    // ---- endpoints

    private Reply newSession(RoutingContext rc, JsonNode body) {
        String username = field(body, "username");
        if (username == null) throw new ChatStatus(400, "username is required");
        ChatService.Login login = chat.login(field(body, "accountID"), username, field(body, "password"));
        ObjectNode o = json.object().put("id", login.user().id());
        ArrayNode dms = o.putArray("dms");
        for (Channel c : chat.directChannels(login.user())) dms.add(c.id());
        o.put("token", login.token());
        return new Reply(login.created() ? 201 : 202, o);
    }

    private Reply updateAccount(RoutingContext rc, JsonNode body) {
        User u = chat.authenticate(token(rc));
        String avatar = field(body, "avatarURL");
        String username = field(body, "username");
        if (avatar == null || username == null) throw new ChatStatus(400, "avatarURL and username are required");
        User updated = chat.updateAccount(u, username, avatar);
        ObjectNode o = json.object().put("id", updated.id()).put("username", updated.displayName())
                .put("avatarURL", updated.avatarUrl());
        return new Reply(202, o);
    }

    private Reply createChannel(RoutingContext rc, JsonNode body) {
        String to = field(body, "to");
        String type = field(body, "type");
        User u = chat.authenticate(token(rc));
        if (to == null || to.isEmpty() || type == null) throw new ChatStatus(400, "to and type are required");
        if (!type.equals("1")) throw new ChatStatus(400, "only DM channels (type 1) can be created");
        Channel c = chat.createDirect(u, to);
        return new Reply(201, json.object().put("channel_id", c.id()));
    }

    private Reply users(RoutingContext rc, JsonNode ignored) {
        User u = chat.authenticate(token(rc));
        List<String> ids = ArrayParams.read(rc.queryParams(), "users", json.mapper());
        if (ids == null || ids.isEmpty()) throw new ChatStatus(400, "users is required");
        ObjectNode o = json.object();
        ArrayNode users = o.putArray("users");
        for (User found : chat.users(ids)) users.add(json.user(found));
        return new Reply(users.isEmpty() ? 404 : 200, o);
    }

    private Reply messages(RoutingContext rc, JsonNode ignored) {
        User u = chat.authenticate(token(rc));
        String channelId = rc.queryParams().get("channel_id");
        if (channelId == null || channelId.isBlank()) throw new ChatStatus(400, "channel_id is required");
        ChatService.History h = chat.history(u, channelId.strip());
        ObjectNode o = json.object();
        ArrayNode messages = o.putArray("messages");
        for (MessageEvent e : h.messages()) messages.add(json.message(e));
        o.putObject("channel").put("name", h.name()).put("id", h.channel().id());
        o.put("other_user", h.otherUser());
        return new Reply(h.created() ? 201 : 200, o);
    }

    private Reply dmChannels(RoutingContext rc, JsonNode ignored) {
        User u = chat.authenticate(token(rc));
        List<String> ids = ArrayParams.read(rc.queryParams(), "channels", json.mapper());
        if (ids == null || ids.isEmpty()) throw new ChatStatus(400, "channels is required");
        ObjectNode o = json.object();
        ArrayNode out = o.putArray("dmchannels");
        for (Channel c : chat.directChannels(u, ids)) {
            ObjectNode entry = out.addObject().put("channel_id", c.id());
            String other = ChatService.otherMember(c, u);
            chat.core().directory().user(other).ifPresent(peer -> entry.set("user", json.user(peer)));
        }
        return new Reply(out.isEmpty() ? 404 : 200, o);
    }

    /** Extension (not in the seed): every channel of the caller, DMs with their other user, and zone channels. */
    private Reply channels(RoutingContext rc, JsonNode ignored) {
        User u = chat.authenticate(token(rc));
        ObjectNode o = json.object();
        ArrayNode dms = o.putArray("dmchannels");
        for (Channel c : chat.directChannels(u)) {
            ObjectNode entry = dms.addObject().put("channel_id", c.id());
            chat.core().directory().user(ChatService.otherMember(c, u)).ifPresent(peer -> entry.set("user", json.user(peer)));
        }
        ArrayNode zone = o.putArray("zonechannels");
        for (Channel c : chat.groupChannels(u)) zone.addObject().put("channel_id", c.id()).put("name", c.name());
        return new Reply(200, o);
    }

    // ---- plumbing

    private static String token(RoutingContext rc) {
        String t = rc.request().getHeader("Authorisation");
        return t != null ? t : rc.request().getHeader("Authorization");
    }

    /** The body as JSON: a JSON document, or the fields of a form. */
    private JsonNode body(RoutingContext rc) {
        String type = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.toLowerCase().startsWith("application/json")) {
            try {
                JsonNode b = json.mapper().readTree(rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes());
                if (b == null || !b.isObject()) throw new ChatStatus(400, "the body must be a JSON object");
                return b;
            } catch (java.io.IOException e) {
                throw new ChatStatus(400, "malformed JSON");
            }
        }
        ObjectNode o = json.object();
        for (Map.Entry<String, String> e : rc.request().formAttributes()) o.put(e.getKey(), e.getValue());
        return o;
    }

    /** A string field (numbers are accepted as their text, since clients send ids both ways); 400 for other types. */
    private static String field(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) return null;
        if (v.isTextual() || v.isIntegralNumber()) return v.asText();
        throw new ChatStatus(400, name + " must be a string");
    }

    private void respond(RoutingContext rc, Callable<Reply> work) {
        OffLoop.call(blocking, work).onComplete(ar -> {
            if (ar.succeeded()) send(rc, ar.result().status(), ar.result().body().toString());
            else send(rc, status(ar.cause()), "null");
        });
    }

    private static int status(Throwable t) {
        if (t instanceof ChatStatus s) return s.status();
        if (t instanceof ChorusException e) {
            return switch (e.kind()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case FORBIDDEN -> 403;
                case CONFLICT -> 409;
                case LIMITED -> 429;
                case UNAVAILABLE -> 503;
            };
        }
        LOG.error("chat request failed", t);
        return 500;
    }

    /** Failures before the handler (a body over the limit, say) keep the API's format too. */
    private void failed(RoutingContext rc) {
        int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
        if (status == 500 && rc.failure() != null) LOG.error("chat request failed", rc.failure());
        send(rc, status, "null");
    }

    private static void send(RoutingContext rc, int status, String body) {
        if (rc.response().ended()) return;
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8").end(body);
    }
}
