package io.chorus.api.socketio.engine;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;

/** Cross-origin access for browser clients on another origin, with credentials (cookies for sticky sessions). */
final class Cors {
    private Cors() {}

    static void apply(List<String> allowed, HttpServerRequest req, HttpServerResponse res) {
        String origin = req.getHeader("Origin");
        if (origin == null || allowed.isEmpty()) return;
        if (!allowed.contains("*") && !allowed.contains(origin)) return;
        // "*" cannot be combined with credentials, so the allowed origin is echoed.
        res.putHeader("Access-Control-Allow-Origin", origin)
                .putHeader("Access-Control-Allow-Credentials", "true")
                .putHeader("Vary", "Origin");
        String headers = req.getHeader("Access-Control-Request-Headers");
        if (headers != null) res.putHeader("Access-Control-Allow-Headers", headers);
        if (req.method() == io.vertx.core.http.HttpMethod.OPTIONS) {
            res.putHeader("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
        }
    }
}
