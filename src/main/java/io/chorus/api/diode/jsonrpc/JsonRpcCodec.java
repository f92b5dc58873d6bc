package io.chorus.api.diode.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * JSON-RPC 2.0 envelopes, validated to the letter of the spec: pure functions from bytes to {@link JsonRpcInput}
 * and from results/errors to bytes. Ids are echoed exactly (numbers are read as big decimals, so 1.5 and
 * 123456789012345678901 come back unchanged).
 */
public final class JsonRpcCodec {
    private final ObjectMapper json;
    private final ObjectReader reader;

    public JsonRpcCodec(ObjectMapper json) {
        this.json = json;
        this.reader = json.reader()
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public JsonRpcInput parse(byte[] utf8) {
        JsonNode root;
        try {
            root = reader.readTree(utf8);
        } catch (Exception e) {
            return new JsonRpcInput.Failure(JsonRpcError.parseError("the payload is not valid JSON"));
        }
        if (root == null || root.isMissingNode()) {
            return new JsonRpcInput.Failure(JsonRpcError.parseError("the payload is empty"));
        }
        if (root.isObject()) return new JsonRpcInput.Single(entry(root));
        if (root.isArray()) {
            if (root.isEmpty()) return new JsonRpcInput.Failure(JsonRpcError.invalidRequest("an empty batch"));
            List<JsonRpcEntry> entries = new ArrayList<>(root.size());
            for (JsonNode element : root) entries.add(entry(element));
            return new JsonRpcInput.Batch(entries);
        }
        return new JsonRpcInput.Failure(JsonRpcError.invalidRequest("a request must be an object or an array of objects"));
    }

    private JsonRpcEntry entry(JsonNode node) {
        if (!node.isObject()) return invalid(NullNode.instance, "a request must be an object");
        JsonNode id = node.get("id");
        boolean idValid = id == null || id.isTextual() || id.isNumber() || id.isNull();
        JsonNode answerId = idValid && id != null ? id : NullNode.instance;
        if (!idValid) return invalid(NullNode.instance, "id must be a string, a number or null");
        JsonNode version = node.get("jsonrpc");
        if (version == null || !version.isTextual() || !version.asText().equals("2.0")) {
            return invalid(answerId, "jsonrpc must be exactly \"2.0\"");
        }
        JsonNode method = node.get("method");
        if (method == null || !method.isTextual()) return invalid(answerId, "method must be a string");
        JsonNode params = node.get("params");
        if (params != null && params.getNodeType() != JsonNodeType.ARRAY && params.getNodeType() != JsonNodeType.OBJECT) {
            return invalid(answerId, "params must be an array or an object");
        }
        return new JsonRpcRequest(id, method.asText(), params);
    }

    private static JsonRpcEntry invalid(JsonNode id, String details) {
        return new JsonRpcEntry.Invalid(id, JsonRpcError.invalidRequest(details));
    }

    public ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode r = json.createObjectNode();
        r.put("jsonrpc", "2.0");
        r.set("result", result);
        r.set("id", id == null ? NullNode.instance : id);
        return r;
    }

    public ObjectNode error(JsonNode id, JsonRpcError error) {
        ObjectNode r = json.createObjectNode();
        r.put("jsonrpc", "2.0");
        r.set("error", error.toJson(json));
        r.set("id", id == null ? NullNode.instance : id);
        return r;
    }

    public byte[] encode(ObjectNode response) { return write(response); }

    public byte[] encodeBatch(List<ObjectNode> responses) {
        ArrayNode array = json.createArrayNode();
        array.addAll(responses);
        return write(array);
    }

    private byte[] write(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a JSON-RPC response", e);
        }
    }
}
