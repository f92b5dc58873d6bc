package io.chorus.api.diode.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

/** One element of a call or batch: a valid request, or an invalid one with the id to answer with. */
public sealed interface JsonRpcEntry permits JsonRpcRequest, JsonRpcEntry.Invalid {
    /** {@code id} is the request's own id when it was valid, JSON null otherwise. */
    record Invalid(JsonNode id, JsonRpcError error) implements JsonRpcEntry {}
}
