package io.chorus.api.socketchat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Array query parameters in the forms clients send: {@code users[]=a&users[]=b} (jQuery), {@code users[0]=a},
 * repeated {@code users=a&users=b}, a single {@code users=a}, and a JSON array {@code users=["a","b"]}. Values are
 * ids, kept as strings (numbers included).
 */
final class ArrayParams {
    private ArrayParams() {}

    /** The values, or null when the parameter is absent or malformed. */
    static List<String> read(MultiMap params, String name, ObjectMapper json) {
        List<String> out = new ArrayList<>();
        boolean present = false;
        for (Map.Entry<String, String> e : params) {
            String key = e.getKey();
            if (!key.equals(name) && !key.equals(name + "[]") && !isIndexed(key, name)) continue;
            present = true;
            String v = e.getValue().strip();
            if (v.startsWith("[")) {
                if (!addJson(v, out, json)) return null;
            } else if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return present ? out : null;
    }

    private static boolean isIndexed(String key, String name) {
        if (!key.startsWith(name + "[") || !key.endsWith("]") || key.length() <= name.length() + 2) return false;
        for (int i = name.length() + 1; i < key.length() - 1; i++) if (!Character.isDigit(key.charAt(i))) return false;
        return true;
    }

    private static boolean addJson(String text, List<String> out, ObjectMapper json) {
        try {
            JsonNode a = json.readTree(text);
            if (!a.isArray()) return false;
            for (JsonNode v : a) {
                if (!v.isTextual() && !v.isNumber()) return false;
                if (!v.asText().isEmpty()) out.add(v.asText());
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
