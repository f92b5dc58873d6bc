package io.chorus.transport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Runs blocking core work off the event loop (on virtual threads) and brings the result back to the loop that
 * asked, so handlers continue on their own loop without locks.
 */
public final class OffLoop {
    private OffLoop() {}

    public static <T> Future<T> call(Executor blocking, Callable<T> work) {
        Context ctx = Vertx.currentContext();
        Promise<T> promise = ctx != null ? ((io.vertx.core.internal.ContextInternal) ctx).promise() : Promise.promise();
        blocking.execute(() -> {
            try {
                T result = work.call();
                promise.complete(result);
            } catch (Throwable t) {
                promise.fail(t);
            }
        });
        return promise.future();
    }
}
