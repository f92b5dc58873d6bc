package io.chorus.api.diode.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A valid request. {@code id == null} means the request had no id member (a notification: never answered); an
 * explicit JSON null id is {@code NullNode} and is answered. {@code params} is null, an array or an object.
 */
public record JsonRpcRequest(JsonNode id, String method, JsonNode params) implements JsonRpcEntry {
    public boolean isNotification() { return id == null; }
}
