package io.chorus.api.diode.jsonrpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The codec against the examples of the JSON-RPC 2.0 spec (section 7) and go-ethereum's test vectors. */
class JsonRpcCodecTest {
    final ObjectMapper json = new ObjectMapper();
    final JsonRpcCodec codec = new JsonRpcCodec(json);

    /** What the server answers for one input, as the dispatcher would for unknown methods. */
    String answer(String input) {
        return switch (parse(input)) {
            case JsonRpcInput.Failure f -> str(codec.encode(codec.error(null, f.error())));
            case JsonRpcInput.Single s -> s.entry() instanceof JsonRpcEntry.Invalid inv
                    ? str(codec.encode(codec.error(inv.id(), inv.error()))) : "request";
            case JsonRpcInput.Batch b -> "batch:" + b.entries().stream().map(e -> e instanceof JsonRpcEntry.Invalid inv
                    ? inv.error().code() + "/" + inv.id() : "request").toList();
        };
    }

    static String str(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            invalid JSON               | {"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz] | -32700 | Parse error
            invalid Request object     | {"jsonrpc": "2.0", "method": 1, "params": "bar"}            | -32600 | Invalid Request
            empty array                | []                                                          | -32600 | Invalid Request
            not an object              | 1                                                           | -32600 | Invalid Request
            JSON null                  | null                                                        | -32600 | Invalid Request
            trailing garbage           | {"jsonrpc":"2.0","method":"ping","id":1} xyz                | -32700 | Parse error
            id is an array (geth)      | {"jsonrpc":"2.0","method":"x","id":[]}                      | -32600 | Invalid Request
            empty body                 | ''                                                          | -32700 | Parse error
            """)
    void singleFailuresAnswerWithIdNull(String name, String input, int code, String message) {
        String out = answer(input);
        assertThat(out).startsWith("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"data\":{")
                .contains("\"api_version\":\"3.4\"").endsWith(",\"id\":null}");
    }

    @Test
    void theIdOfAnOtherwiseInvalidRequestIsEchoed() {
        assertThat(answer("{\"jsonrpc\":\"2.0\",\"id\":1}")).endsWith("\"id\":1}").contains("-32600");
        assertThat(answer("{\"jsonrpc\":\"1.0\",\"method\":\"x\",\"id\":7}")).endsWith("\"id\":7}").contains("-32600");
        assertThat(answer("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"s\",\"id\":\"a\"}")).endsWith("\"id\":\"a\"}");
    }

    @Test
    void batches() {
        assertThat(answer("[1]")).isEqualTo("batch:[-32600/null]");
        assertThat(answer("[null]")).isEqualTo("batch:[-32600/null]");
        assertThat(answer("[1,2,3]")).isEqualTo("batch:[-32600/null, -32600/null, -32600/null]");
        assertThat(answer("""
                [{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
                 {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
                 {"foo": "boo"},
                 {"jsonrpc": "2.0", "method": "get_data", "id": "9"}]""")).isEqualTo("batch:[request, request, -32600/null, request]");
    }

    @Test
    void notificationsAndNullIdsAreDistinct() {
        JsonRpcRequest notification = (JsonRpcRequest) ((JsonRpcInput.Single) parse("{\"jsonrpc\":\"2.0\",\"method\":\"m\"}")).entry();
        assertThat(notification.isNotification()).isTrue();
        JsonRpcRequest nullId = (JsonRpcRequest) ((JsonRpcInput.Single) parse("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":null}")).entry();
        assertThat(nullId.isNotification()).isFalse();
        assertThat(nullId.id()).isEqualTo(NullNode.instance);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1", "1.5", "123456789012345678901", "\"abc\"", "-0.000001", "null"})
    void idsRoundTripExactly(String id) {
        JsonRpcRequest r = (JsonRpcRequest) ((JsonRpcInput.Single) parse("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":" + id + "}")).entry();
        assertThat(str(codec.encode(codec.result(r.id(), json.getNodeFactory().textNode("ok")))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"ok\",\"id\":" + id + "}");
    }

    @Test
    void deeplyNestedInputIsAFailureNotAnException() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(parse(deep)).isInstanceOf(JsonRpcInput.Failure.class);
    }

    @Test
    void paramsByPositionAndByName() {
        List<String> names = List.of("zone_id", "channel_id", "message_text");
        Params positional = Params.of(json.createArrayNode().add("z").add("c").add("hello").add("extra"), names);
        assertThat(positional.requireString("message_text")).isEqualTo("hello");
        Params named = Params.of(json.createObjectNode().put("zone_id", "z").put("limit", "5"), names);
        assertThat(named.requireString("zone_id")).isEqualTo("z");
        assertThat(named.optionalLong("limit")).contains(5L);
        assertThat(named.has("channel_id")).isFalse();
        assertThat(named.firstPresent("channel_id", "zone_id")).isEqualTo("zone_id");
        assertThatError(() -> named.requireString("channel_id"), -32602, "param_key_not_found");
        assertThatError(() -> Params.of(json.createObjectNode().put("zone_id", 5), names).requireString("zone_id"),
                -32602, "invalid_param_type");
        assertThatError(() -> Params.of(json.createObjectNode().put("limit", 5.5), names).optionalLong("limit"),
                -32602, "invalid_param_type");
        assertThat(Params.of(json.createObjectNode().put("limit", 5), names).optionalLong("limit")).contains(5L);
        assertThatError(() -> Params.of(json.createObjectNode().put("since", 1), names).optionalObject("since"),
                -32602, "invalid_param_type");
    }

    static void assertThatError(Runnable r, int code, String atom) {
        try {
            r.run();
        } catch (JsonRpcException e) {
            assertThat(e.error().code()).isEqualTo(code);
            assertThat(e.error().atom()).isEqualTo(atom);
            return;
        }
        throw new AssertionError("expected a JSON-RPC error " + code);
    }

    private JsonRpcInput parse(String text) { return codec.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)); }
}
