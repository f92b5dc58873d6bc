package io.chorus.core;

import com.password4j.Password;

/** Argon2id password hashes in PHC string form. Slow on purpose: call off the event loop. */
public final class Passwords {
    private Passwords() {}

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).withArgon2().getResult();
    }

    public static boolean verify(String password, String hash) {
        if (password == null || hash == null) return false;
        return Password.check(password, hash).withArgon2();
    }
}
