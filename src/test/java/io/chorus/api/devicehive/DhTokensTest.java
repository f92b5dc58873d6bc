package io.chorus.api.devicehive;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token keys: Chorus's derived key, and the reference server's reading of its JWT_SECRET. */
class DhTokensTest {
    /** A refresh token a reference server with JWT_SECRET=devicehive issued (devicehive-tests' admin_refresh_exp). */
    static final String REFERENCE_REFRESH = "eyJhbGciOiJIUzI1NiJ9.eyJwYXlsb2FkIjp7InUiOjEsImEiOlswXSwibiI6WyIqIl0sImR0IjpbIioiXSwiZSI6MTQ2NDc5"
            + "MzI5MDU2NCwidCI6MH19.NdKR2zLvBeMuvGEDf4BC7a8YxqdvdKjnqIKdFn2KpJU";

    @Test
    void theReferenceKeyIsItsLenientBase64ReadingOfTheSecret() {
        assertThat(DhTokens.referenceKey("devicehive")).isEqualTo(Base64.getDecoder().decode("devicehi"));
        DhClaims c = new DhTokens(DhTokens.referenceKey("devicehive")).signed(REFERENCE_REFRESH);
        assertThat(c.userId()).isEqualTo(1);
        assertThat(c.type()).isEqualTo(DhClaims.REFRESH);
        assertThat(c.expiresAt()).isEqualTo(1464793290564L);
        // Chorus's own key for the same secret is another key: the reference's token is refused.
        assertThatThrownBy(() -> new DhTokens(DhTokens.derivedKey("devicehive")).signed(REFERENCE_REFRESH))
                .hasMessage("Invalid credentials");
    }

    @Test
    void forgedTamperedAndUnsignedTokensAreRefused() {
        DhTokens tokens = new DhTokens(DhTokens.derivedKey("secret"));
        DhClaims claims = new DhClaims(7, List.of(3), List.of("1"), List.of("*"), System.currentTimeMillis() + 60_000, DhClaims.ACCESS);
        String token = tokens.sign(claims);
        assertThat(tokens.verify(token).userId()).isEqualTo(7);
        String[] parts = token.split("\\.");
        String widened = Base64.getUrlEncoder().withoutPadding().encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8).replace("\"u\":7", "\"u\":1").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> tokens.verify(parts[0] + "." + widened + "." + parts[2])).hasMessage("Invalid credentials");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> tokens.verify(none + "." + parts[1] + ".")).hasMessage("Invalid credentials");
        assertThatThrownBy(() -> new DhTokens(DhTokens.derivedKey("other")).verify(token)).hasMessage("Invalid credentials");
    }
}
