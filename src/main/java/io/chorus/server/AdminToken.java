package io.chorus.server;

import io.chorus.core.Ids;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
        if (configured != null && !configured.isBlank()) return new AdminToken(configured.trim(), false);
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String t = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!t.isEmpty()) return new AdminToken(t, false);
            }
            String t = Ids.secret();
            Files.writeString(file, t + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the data directory's own permissions protect it.
            }
            return new AdminToken(t, true);
        } catch (IOException e) {
            throw new StartupException("cannot read or write the admin token in " + file + ": " + e.getMessage());
        }
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
