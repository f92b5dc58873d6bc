package io.chorus.api.diode;

import io.chorus.api.diode.jsonrpc.JsonRpcError;
import io.chorus.api.diode.jsonrpc.JsonRpcException;
import io.chorus.core.ChorusException;
import io.chorus.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;

/** Maps core refusals and failures to Diode's JSON-RPC errors (codes and {@code data.error} atoms of v3.4). */
final class DiodeErrors {
    private static final Logger log = LoggerFactory.getLogger(DiodeErrors.class);

    static final int RATE_LIMITED = -32000;

    private DiodeErrors() {}

    static JsonRpcError of(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
        if (t instanceof JsonRpcException e) return e.error();
        if (t instanceof ChorusException e) {
            return switch (e.kind()) {
                case INVALID, NOT_FOUND -> JsonRpcError.invalidParams(e.atom(), e.details());
                case FORBIDDEN, CONFLICT, UNAVAILABLE -> JsonRpcError.internal(e.atom(), e.details());
                case LIMITED -> JsonRpcError.server(RATE_LIMITED, "Limit exceeded", e.atom(), e.details());
            };
        }
        if (t instanceof StoreException e) {
            log.warn("store failure answering a remote API call: {}", e.getMessage());
            return JsonRpcError.internal("message_send_failed", "the message could not be stored");
        }
        log.error("remote API call failed", t);
        return JsonRpcError.internal("internal_error", "internal error");
    }
}
