package io.chorus.api.devicehive;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DeviceHive's JSON Web Tokens: HS256 with one claim, {@code payload} ({@link DhClaims}), access tokens for 30
 * minutes and refresh tokens for 182 days, as the reference issues them. The key is derived from the configured
 * secret (or the admin token), so every node of a cluster shares it.
 */
final class DhTokens {
    static final long ACCESS_LIFETIME_MS = 1_800_000L;
    static final long REFRESH_LIFETIME_MS = 15_724_800_000L;

    private final MACSigner signer;
    private final MACVerifier verifier;

    DhTokens(String secret) {
        byte[] key = derive(secret);
        try {
            signer = new MACSigner(key);
            verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot create the DeviceHive token key", e);
        }
    }

    private static byte[] derive(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal("chorus devicehive tokens".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    String sign(DhClaims c) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("u", c.userId());
        payload.put("a", c.actions());
        payload.put("n", c.networkIds());
        payload.put("dt", c.deviceTypeIds());
        payload.put("e", c.expiresAt());
        payload.put("t", c.type());
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().claim("payload", payload).build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a DeviceHive token", e);
        }
        return jwt.serialize();
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
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) throw DhError.invalidCredentials();
            if (!(jwt.getJWTClaimsSet().getClaim("payload") instanceof Map<?, ?> p)) throw DhError.invalidCredentials();
            return new DhClaims(number(p.get("u")), ints(p.get("a")), strings(p.get("n")), strings(p.get("dt")),
                    number(p.get("e")), (int) number(p.get("t")));
        } catch (ParseException | JOSEException | ClassCastException | NullPointerException e) {
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
