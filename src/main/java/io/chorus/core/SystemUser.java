package io.chorus.core;

/** The sender of chat-command replies and other server notices. */
public final class SystemUser {
    public static final User INSTANCE = new User("system", "chorus", "Chorus", null,
            "0x0000000000000000000000000000000000000000", null, false, null, 0);

    private SystemUser() {}
}
