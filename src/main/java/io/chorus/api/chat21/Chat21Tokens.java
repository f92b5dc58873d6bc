package io.chorus.api.chat21;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Date;
import java.util.Optional;

/**
 * Checks Chat21 JWTs: HS256 with the shared secret, not expired, with a {@code sub} and an {@code app_id}. The HMAC
 * is checked here rather than by nimbus's verifier because deployments keep the reference's short secrets
 * ("tokenKey"), which nimbus refuses as too weak to sign with; Chorus still only verifies, never signs, with them.
 */
final class Chat21Tokens {
    private final byte[] secret;

    Chat21Tokens(String secret) { this.secret = secret.getBytes(StandardCharsets.UTF_8); }

    Optional<Chat21Caller> verify(String token) {
        if (token == null || token.isBlank()) return Optional.empty();
        try {
            SignedJWT jwt = SignedJWT.parse(token.trim());
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) return Optional.empty();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] expected = mac.doFinal(jwt.getSigningInput());
            if (!MessageDigest.isEqual(expected, jwt.getSignature().decode())) return Optional.empty();
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (exp != null && exp.getTime() < System.currentTimeMillis()) return Optional.empty();
            Date nbf = claims.getNotBeforeTime();
            if (nbf != null && nbf.getTime() > System.currentTimeMillis()) return Optional.empty();
            String sub = claims.getSubject();
            Object app = claims.getClaim("app_id");
            if (sub == null || sub.isBlank() || !(app instanceof String appId) || appId.isBlank()) return Optional.empty();
            return Optional.of(new Chat21Caller(sub, appId, "admin".equals(claims.getClaim("tiledesk_api_roles"))));
        } catch (java.text.ParseException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
