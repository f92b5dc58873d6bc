package io.chorus.transport;

import io.vertx.core.internal.ContextInternal;

/**
 * Runs a connection's handler with the loop's Vert.x context current. Chorus's own Netty handlers are called by
 * Netty, not by Vert.x, but the API code they call uses Vert.x (OffLoop brings results back to the current
 * context, timers): without it, completions would run on whatever thread finished the work.
 */
public final class InContext {
    private InContext() {}

    public static void run(ContextInternal context, Runnable handler) {
        ContextInternal previous = context.beginDispatch();
        try {
            handler.run();
        } finally {
            context.endDispatch(previous);
        }
    }
}
