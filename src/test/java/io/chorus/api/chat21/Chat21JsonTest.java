package io.chorus.api.chat21;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written string quoting of the Chat21 message JSON reads back as the same string. */
class Chat21JsonTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"plain", "", "quote \" and backslash \\", "lines\nand\ttabs\r", "\u0000\u0001\u001f control",
            "unicode é ✓ 😀", "separators \u2028 \u2029", "</script>"})
    void quotedStringsParseBackUnchanged(String s) throws Exception {
        String quoted = Chat21Json.quote(new StringBuilder(), s).toString();
        assertThat(JSON.readTree(quoted).asText()).isEqualTo(s);
        assertThat(Chat21Failure.quote(s)).isEqualTo(quoted);
    }
}
