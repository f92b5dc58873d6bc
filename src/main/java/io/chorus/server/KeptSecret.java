package io.chorus.server;

import io.chorus.core.Ids;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A secret that is configured, or else generated once and kept in a file of the data directory (owner read/write
 * only), so that restarts keep it.
 *
 * @param generated true the first time, when it was just created (and may be shown once)
 */
record KeptSecret(String value, boolean generated) {

    static KeptSecret resolve(String configured, Path dataDir, String fileName, String what) throws StartupException {
        if (configured != null && !configured.isBlank()) return new KeptSecret(configured.trim(), false);
        Path file = dataDir.resolve(fileName);
        try {
            if (Files.exists(file)) {
                String t = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!t.isEmpty()) return new KeptSecret(t, false);
            }
            String t = Ids.secret();
            Files.writeString(file, t + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the data directory's own permissions protect it.
            }
            return new KeptSecret(t, true);
        } catch (IOException e) {
            throw new StartupException("cannot read or write the " + what + " in " + file + ": " + e.getMessage());
        }
    }
}
