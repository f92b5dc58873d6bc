package io.chorus.api.socketio.engine;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A polling request's response, answered from the session's loop but written on the loop that owns the HTTP
 * connection (Vert.x responses must not be ended from another event loop).
 */
final class PollingResponse {
    private final HttpServerResponse res;
    private final Context context;
    private boolean answered;

    PollingResponse(HttpServerResponse res) {
        this.res = res;
        this.context = Vertx.currentContext();
    }

    boolean answered() { return answered; }

    void text(String body) {
        answer(() -> res.putHeader("Content-Type", "text/plain; charset=UTF-8").end(body));
    }

    void binary(byte[] body) {
        answer(() -> res.putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(body)));
    }

    void ok() { answer(() -> res.putHeader("Content-Type", "text/html").end("ok")); }

    void fail(EngineIoServer.Failure f) { answer(() -> EngineIoServer.fail(res, f)); }

    private void answer(Runnable write) {
        if (answered) return;
        answered = true;
        Runnable guarded = () -> {
            if (!res.ended() && !res.closed()) write.run();
        };
        if (Vertx.currentContext() == context) guarded.run();
        else context.runOnContext(v -> guarded.run());
    }
}
