package io.chorus.api.diode.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * A call's params read by name, whether they came by name (v3.2+ object) or by position (legacy array, mapped
 * through the method's positional names; extra elements are ignored).
 */
public final class Params {
    private final ObjectNode byName;

    private Params(ObjectNode byName) { this.byName = byName; }

    public static Params of(JsonNode params, List<String> positionalNames) {
        ObjectNode named = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (params != null && params.isObject()) {
            named.setAll((ObjectNode) params);
        } else if (params != null && params.isArray()) {
            for (int i = 0; i < params.size() && i < positionalNames.size(); i++) named.set(positionalNames.get(i), params.get(i));
        }
        return new Params(named);
    }

    public boolean has(String name) {
        JsonNode v = byName.get(name);
        return v != null && !v.isNull();
    }

    public String requireString(String name) {
        return optionalString(name).orElseThrow(() -> new JsonRpcException(
                JsonRpcError.invalidParams("param_key_not_found", "missing param: " + name)));
    }

    public Optional<String> optionalString(String name) {
        JsonNode v = byName.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isTextual()) throw wrongType(name, "a string");
        return Optional.of(v.asText());
    }

    public Optional<Long> optionalLong(String name) {
        JsonNode v = byName.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (v.isIntegralNumber() && v.canConvertToLong()) return Optional.of(v.asLong());
        if (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0 && v.canConvertToLong()) {
            return Optional.of(v.decimalValue().longValueExact());
        }
        if (v.isTextual()) {
            try {
                return Optional.of(Long.parseLong(v.asText().trim()));
            } catch (NumberFormatException e) {
                throw wrongType(name, "an integer");
            }
        }
        throw wrongType(name, "an integer");
    }

    public Optional<JsonNode> optionalObject(String name) {
        JsonNode v = byName.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isObject()) throw wrongType(name, "an object");
        return Optional.of(v);
    }

    /** The first of the names that is present, or null. */
    public String firstPresent(String... names) {
        for (String n : names) if (has(n)) return n;
        return null;
    }

    private static JsonRpcException wrongType(String name, String what) {
        return new JsonRpcException(JsonRpcError.invalidParams("invalid_param_type", name + " must be " + what));
    }
}
