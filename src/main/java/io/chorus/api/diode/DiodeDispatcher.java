package io.chorus.api.diode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.api.diode.jsonrpc.JsonRpcCodec;
import io.chorus.api.diode.jsonrpc.JsonRpcEntry;
import io.chorus.api.diode.jsonrpc.JsonRpcError;
import io.chorus.api.diode.jsonrpc.JsonRpcException;
import io.chorus.api.diode.jsonrpc.JsonRpcInput;
import io.chorus.api.diode.jsonrpc.JsonRpcRequest;
import io.chorus.api.diode.jsonrpc.Params;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs parsed JSON-RPC input against the method table, to the letter of JSON-RPC 2.0: one response per request
 * that has an id (in a batch, in an array), none for notifications, and nothing at all for an all-notification
 * batch. Calls in a batch run in order. Blocking: runs on a virtual thread, except {@link #processNow}.
 */
final class DiodeDispatcher {
    private final DiodeMethods methods;
    private final JsonRpcCodec codec;

    DiodeDispatcher(DiodeMethods methods, JsonRpcCodec codec) {
        this.methods = methods;
        this.codec = codec;
    }

    /** The encoded reply, or null when nothing is to be sent back. */
    byte[] process(JsonRpcInput input, DiodeCall call) {
        return switch (input) {
            case JsonRpcInput.Failure f -> codec.encode(codec.error(null, f.error()));
            case JsonRpcInput.Single s -> {
                ObjectNode r = answer(s.entry(), call);
                yield r == null ? null : codec.encode(r);
            }
            case JsonRpcInput.Batch b -> {
                List<ObjectNode> replies = new ArrayList<>();
                for (JsonRpcEntry e : b.entries()) {
                    ObjectNode r = answer(e, call);
                    if (r != null) replies.add(r);
                }
                yield replies.isEmpty() ? null : codec.encodeBatch(replies);
            }
        };
    }

    /**
     * The reply to a single call whose method can run without blocking ({@link DiodeMethod#now()}), computed on the
     * calling thread (an event loop) up to what it waits for, or null when the input needs {@link #process} on a
     * virtual thread. The reply is what {@code process} would encode (null for a notification); the future may
     * complete on another thread (the store's writer).
     */
    CompletableFuture<ObjectNode> processNow(JsonRpcInput input, DiodeCall call) {
        if (!(input instanceof JsonRpcInput.Single s) || !(s.entry() instanceof JsonRpcRequest req)) return null;
        Optional<DiodeMethod> found = methods.find(req.method());
        if (found.isEmpty() || found.get().now() == null) return null;
        DiodeMethod m = found.get();
        CompletableFuture<JsonNode> pending;
        try {
            check(m, call);
            pending = m.now().handle(call, Params.of(req.params(), m.positional()));
            if (pending == null) return null;
        } catch (Throwable t) {
            pending = CompletableFuture.failedFuture(t);
        }
        JsonNode id = req.id();
        return pending.handle((result, failure) -> req.isNotification() ? null
                : failure == null ? codec.result(id, result) : codec.error(id, DiodeErrors.of(failure)));
    }

    private ObjectNode answer(JsonRpcEntry entry, DiodeCall call) {
        return switch (entry) {
            case JsonRpcEntry.Invalid inv -> codec.error(inv.id(), inv.error());
            case JsonRpcRequest req -> {
                JsonNode id = req.id();
                try {
                    JsonNode result = call(req, call);
                    yield req.isNotification() ? null : codec.result(id, result);
                } catch (Throwable t) {
                    yield req.isNotification() ? null : codec.error(id, DiodeErrors.of(t));
                }
            }
        };
    }

    private JsonNode call(JsonRpcRequest req, DiodeCall call) throws Exception {
        Optional<DiodeMethod> found = methods.find(req.method());
        if (found.isEmpty()) throw new JsonRpcException(JsonRpcError.methodNotFound(req.method()));
        DiodeMethod m = found.get();
        check(m, call);
        return m.handler().handle(call, Params.of(req.params(), m.positional()));
    }

    private static void check(DiodeMethod m, DiodeCall call) {
        if (m.webSocketOnly() && !call.overWebSocket()) {
            throw new JsonRpcException(JsonRpcError.methodNotAllowedHere(m.name(), "HTTP"));
        }
        if (call.user() == null && !m.name().equals("authenticate")) {
            throw new JsonRpcException(JsonRpcError.notAuthenticated());
        }
    }
}
