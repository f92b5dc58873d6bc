package io.chorus.api.devicehive;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DeviceHive's JSON Web Tokens: HS256 with one claim, {@code payload} ({@link DhClaims}), access tokens for 30
 * minutes and refresh tokens for 182 days, as the reference issues them. The key is derived from the configured
 * secret (or the admin token), so every node of a cluster shares it; or, to keep a reference server's tokens valid,
 * it is the key that server makes of its secret ({@link #referenceKey}). The HMAC is computed here rather than by
 * the JOSE library, which refuses keys under 256 bits, as a reference key made of a short secret is.
 */
final class DhTokens {
    static final long ACCESS_LIFETIME_MS = 1_800_000L;
    static final long REFRESH_LIFETIME_MS = 15_724_800_000L;
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    DhTokens(byte[] key) {
        if (key.length == 0) throw new IllegalArgumentException("the DeviceHive token key is empty");
        this.key = new SecretKeySpec(key, HMAC);
    }

    /** Chorus's own key: 256 bits derived from the secret, whatever its length. */
    static byte[] derivedKey(String secret) {
        return hmac(secret.getBytes(StandardCharsets.UTF_8), "chorus devicehive tokens".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key a reference server (jjwt 0.7's {@code signWith(HS256, String)}) makes of its JWT_SECRET: the secret read
     * as base64, leniently, so characters outside the alphabet are skipped and an incomplete last group is dropped
     * ("devicehive" gives the 6 bytes of "devicehi").
     */
    static byte[] referenceKey(String secret) {
        StringBuilder b64 = new StringBuilder();
        for (char c : secret.toCharArray()) {
            if (c == '=') break;
            if (Character.isLetterOrDigit(c) && c < 128 || c == '+' || c == '/') b64.append(c);
        }
        b64.setLength(b64.length() - b64.length() % 4);
        return Base64.getDecoder().decode(b64.toString());
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private byte[] mac(String signingInput) { return hmac(key.getEncoded(), signingInput.getBytes(StandardCharsets.US_ASCII)); }

    String sign(DhClaims c) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("u", c.userId());
        payload.put("a", c.actions());
        payload.put("n", c.networkIds());
        payload.put("dt", c.deviceTypeIds());
        payload.put("e", c.expiresAt());
        payload.put("t", c.type());
        String input = new JWSHeader(JWSAlgorithm.HS256).toBase64URL() + "."
                + new JWTClaimsSet.Builder().claim("payload", payload).build().toPayload().toBase64URL();
        return input + "." + Base64URL.encode(mac(input));
    }

    /** The claims of a token of ours: 401 "Invalid credentials" for anything forged or malformed, "Token expired" after e. */
    DhClaims verify(String token) {
        DhClaims c = signed(token);
        if (c.expiresAt() <= System.currentTimeMillis()) throw new DhError(401, "Token expired");
        return c;
    }

    /** The claims of a token we signed, expired or not: 401 "Invalid credentials" for anything forged or malformed. */
    DhClaims signed(String token) {
        if (token == null || token.isBlank() || token.length() > 8192) throw DhError.invalidCredentials();
        try {
            SignedJWT jwt = SignedJWT.parse(token.trim());
            // Only HS256, never "none" or another algorithm the token names for itself.
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) throw DhError.invalidCredentials();
            byte[] expected = mac(new String(jwt.getSigningInput(), StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, jwt.getSignature().decode())) throw DhError.invalidCredentials();
            if (!(jwt.getJWTClaimsSet().getClaim("payload") instanceof Map<?, ?> p)) throw DhError.invalidCredentials();
            return new DhClaims(number(p.get("u")), ints(p.get("a")), strings(p.get("n")), strings(p.get("dt")),
                    number(p.get("e")), (int) number(p.get("t")));
        } catch (ParseException | ClassCastException | NullPointerException e) {
            throw DhError.invalidCredentials();
        }
    }

    private static long number(Object o) { return ((Number) o).longValue(); }

    private static List<Integer> ints(Object o) {
        List<Integer> out = new ArrayList<>();
        if (o != null) for (Object x : (List<?>) o) out.add(((Number) x).intValue());
        return out;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o != null) for (Object x : (List<?>) o) out.add(String.valueOf(x));
        return out;
    }
}
