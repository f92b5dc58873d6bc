package io.chorus.api.chat21;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.ChorusException;
import io.chorus.transport.OffLoop;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.concurrent.Executor;

/**
 * The Chat21 REST API under {@code /api/{app}} (the reference chat21-http-server's routes, bodies and status codes).
 * The token is the raw {@code Authorization} value (a {@code Bearer } prefix is also taken), else {@code ?jwt=},
 * {@code ?JWT=} or {@code ?token=}; none or a bad one is 403 {@code {"success":false,"msg":"Unauthorized."}}, and a
 * token of another app is 401 with no body, as in the reference.
 */
final class Chat21Rest {
    private static final int MAX_BODY = 256 * 1024;

    /** One route's work, off the loop: returns the response or throws a {@link Chat21Failure}. */
    @FunctionalInterface
    interface Handler { Reply handle(Chat21Caller caller, RoutingContext rc, JsonNode body); }

    /** A response: status, and a JSON or text body. */
    record Reply(int status, String body, boolean json) {
        static Reply ok() { return new Reply(200, "{\"success\":true}", true); }

        static Reply json(int status, JsonNode body) { return new Reply(status, body.toString(), true); }
    }

    private final Chat21Tokens tokens;
    private final Chat21Routes routes;
    private final Executor blocking;

    Chat21Rest(Chat21Tokens tokens, Chat21Routes routes, Executor blocking) {
        this.tokens = tokens;
        this.routes = routes;
        this.blocking = blocking;
    }

    void mount(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        routes.table((method, path, handler) -> router.route(method, path).handler(body).handler(rc -> serve(rc, handler)));
    }

    private void serve(RoutingContext rc, Handler handler) {
        Chat21Caller caller = tokens.verify(token(rc)).orElse(null);
        if (caller == null) {
            send(rc, new Reply(403, "{\"success\":false,\"msg\":\"Unauthorized.\"}", true));
            return;
        }
        String app = rc.pathParam("app");
        if (!caller.appId().equals(app)) {
            send(rc, new Reply(401, "", false));
            return;
        }
        JsonNode body;
        try {
            body = rc.body().isEmpty() ? routes.json().object() : routes.json().mapper().readTree(rc.body().asString());
        } catch (Exception e) {
            send(rc, Reply.json(400, routes.json().object().put("success", false).put("err", "the body is not valid JSON")));
            return;
        }
        if (rc.request().method() != HttpMethod.GET && rc.request().method() != HttpMethod.DELETE && !body.isObject()) {
            send(rc, Reply.json(400, routes.json().object().put("success", false).put("err", "the body must be a JSON object")));
            return;
        }
        JsonNode input = body.isObject() ? body : routes.json().object();
        OffLoop.call(blocking, () -> handler.handle(caller, rc, input)).onComplete(ar -> {
            if (ar.succeeded()) send(rc, ar.result());
            else send(rc, failure(ar.cause()));
        });
    }

    private Reply failure(Throwable t) {
        if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
        if (t instanceof Chat21Failure f) return new Reply(f.status(), f.body(), f.isJson());
        ObjectNode err = routes.json().object().put("success", false);
        if (t instanceof ChorusException e) {
            int status = switch (e.kind()) {
                case INVALID -> 405;
                case NOT_FOUND -> 404;
                case FORBIDDEN -> 403;
                case CONFLICT -> 409;
                case LIMITED -> 429;
                case UNAVAILABLE -> 503;
            };
            return Reply.json(status, err.put("err", e.details()));
        }
        org.slf4j.LoggerFactory.getLogger(Chat21Rest.class).error("Chat21 request failed", t);
        return Reply.json(500, err.put("err", "internal error"));
    }

    private static String token(RoutingContext rc) {
        String h = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (h != null && !h.isBlank()) return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7) : h;
        for (String q : new String[] {"jwt", "JWT", "token"}) {
            String v = rc.request().getParam(q);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }

    private static void send(RoutingContext rc, Reply r) {
        if (rc.response().ended()) return;
        rc.response().setStatusCode(r.status());
        if (r.body().isEmpty()) {
            rc.response().end();
            return;
        }
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, r.json() ? "application/json; charset=utf-8" : "text/plain; charset=utf-8")
                .end(r.body());
    }
}
