package io.chorus.support;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Chat21 tokens as Tiledesk mints them (HS256, sub / app_id / tiledesk_api_roles), signed with the test's secret. */
public final class Chat21Jwt {
    private Chat21Jwt() {}

    public static String user(String userId) { return sign(TestServer.CHAT21_SECRET, userId, "tilechat", "user", 3600); }

    public static String admin() { return sign(TestServer.CHAT21_SECRET, "100-APIADMIN", "tilechat", "admin", 3600); }

    /** @param ttlSeconds negative for an expired token */
    public static String sign(String secret, String sub, String appId, String role, long ttlSeconds) {
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"jti\":\"" + UUID.randomUUID() + "\",\"sub\":\"" + sub + "\",\"user_id\":\"" + sub
                + "\",\"app_id\":\"" + appId + "\",\"iat\":" + now + ",\"exp\":" + (now + ttlSeconds)
                + ",\"aud\":[\"rabbitmq\",\"" + sub + "\"],\"kid\":\"tiledesk-key\",\"tiledesk_api_roles\":\"" + role + "\"}";
        String signingInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
