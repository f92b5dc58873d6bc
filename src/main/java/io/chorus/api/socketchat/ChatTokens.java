package io.chorus.api.socketchat;

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
import java.util.Date;
import java.util.Optional;

/**
 * The chat API's session tokens: JWTs signed with HMAC-SHA256 carrying {@code {id, created}} and expiring after a
 * day, as the reference server issues them. The key is derived from the admin token, so every node of a cluster
 * (which shares the admin token) accepts every node's tokens, and rotating the admin token signs everyone out.
 */
final class ChatTokens {
    static final long LIFETIME_MS = 86_400_000L;

    private final MACSigner signer;
    private final MACVerifier verifier;

    ChatTokens(String adminToken) {
        byte[] key = derive(adminToken);
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot create the chat token key", e);
        }
    }

    private static byte[] derive(String adminToken) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(adminToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal("chorus socket.io chat tokens".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    String issue(String userId) {
        long now = System.currentTimeMillis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("id", userId).claim("created", now)
                .issueTime(new Date(now)).expirationTime(new Date(now + LIFETIME_MS)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a chat token", e);
        }
        return jwt.serialize();
    }

    /** The user id of a valid, unexpired token of ours; empty for anything else (garbage included). */
    Optional<String> verify(String token) {
        if (token == null || token.isBlank() || token.length() > 4096) return Optional.empty();
        String t = token.startsWith("Bearer ") ? token.substring(7).trim() : token.trim();
        try {
            SignedJWT jwt = SignedJWT.parse(t);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) return Optional.empty();
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (exp == null || exp.getTime() <= System.currentTimeMillis()) return Optional.empty();
            Object id = claims.getClaim("id");
            return id instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
