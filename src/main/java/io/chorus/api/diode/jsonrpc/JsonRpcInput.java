package io.chorus.api.diode.jsonrpc;

import java.util.List;

/** One HTTP body or WebSocket frame, parsed. */
public sealed interface JsonRpcInput {
    record Single(JsonRpcEntry entry) implements JsonRpcInput {}

    record Batch(List<JsonRpcEntry> entries) implements JsonRpcInput {}

    /** Unparseable, an empty batch, or neither an object nor an array: answered once, with id null. */
    record Failure(JsonRpcError error) implements JsonRpcInput {}
}
