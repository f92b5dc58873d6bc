package io.chorus.server;


import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The admin bearer token: {@code CHORUS_ADMIN_TOKEN} when set; otherwise the one kept in
 * {@code <data>/admin-token} (owner read/write only), generated and printed once at first start.
 */
public final class AdminToken {
    public static final String FILE = "admin-token";

    private final String token;
    private final boolean generated;

    private AdminToken(String token, boolean generated) {
        this.token = token;
        this.generated = generated;
    }

    public static AdminToken resolve(String configured, Path dataDir) throws StartupException {
        KeptSecret s = KeptSecret.resolve(configured, dataDir, FILE, "admin token");
        return new AdminToken(s.value(), s.generated());
    }

    public String value() { return token; }

    /** True the first time, when the token was just created (and should be shown once). */
    public boolean generated() { return generated; }

    /** Constant-time comparison, so response timing says nothing about the token. */
    public boolean matches(String candidate) {
        if (candidate == null) return false;
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }
}
