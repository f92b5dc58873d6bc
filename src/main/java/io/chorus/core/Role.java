package io.chorus.core;

import java.util.Locale;
import java.util.Optional;

/** A member's role in a zone. Wire names are Diode's; "BackupBot" is Diode's API name for a bot. */
public enum Role {
    OWNER("Owner"), ADMIN("Admin"), MEMBER("Member"), READER("Reader"), BOT("Bot");

    private final String wireName;

    Role(String wireName) { this.wireName = wireName; }

    public String wireName() { return wireName; }

    public boolean canManageMembers() { return this == OWNER || this == ADMIN; }

    /** Readers may read every group channel but only write in direct channels. */
    public boolean canPostInGroups() { return this != READER; }

    public static Optional<Role> parse(String text) {
        if (text == null) return Optional.empty();
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("backupbot")) return Optional.of(BOT);
        for (Role r : values()) if (r.wireName.toLowerCase(Locale.ROOT).equals(t)) return Optional.of(r);
        return Optional.empty();
    }
}
