package io.chorus.core;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Identifier and secret generation. Ids are opaque on the wire; secrets come from a CSPRNG. */
public final class Ids {
    private static final SecureRandom SECURE = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {}

    /** {@code 0x} + 40 hex digits: the shape Diode uses for zones, channels and addresses. */
    public static String hex160() {
        byte[] b = new byte[20];
        ThreadLocalRandom.current().nextBytes(b);
        return "0x" + HEX.formatHex(b);
    }

    /**
     * A message id, in the same shape as {@link #hex160()}: the creation time in milliseconds (12 hex digits) then 112
     * random bits. Ids made one after the other sort near each other, so the store appends them at the end of its id
     * index instead of writing a random page of it per message (a group commit of 100 messages wrote ~280 pages).
     */
    public static String messageId() {
        char[] c = new char[42];
        c[0] = '0';
        c[1] = 'x';
        long time = System.currentTimeMillis();
        for (int i = 13; i >= 2; i--, time >>>= 4) c[i] = Character.forDigit((int) (time & 0xf), 16);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long a = r.nextLong();
        long b = r.nextLong();
        for (int i = 14; i < 30; i++, a >>>= 4) c[i] = Character.forDigit((int) (a & 0xf), 16);
        for (int i = 30; i < 42; i++, b >>>= 4) c[i] = Character.forDigit((int) (b & 0xf), 16);
        return new String(c);
    }

    /** A bearer secret: 256 random bits, URL-safe. */
    public static String secret() {
        byte[] b = new byte[32];
        SECURE.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A short random name for a history stream (see {@link Channel#epoch()}). */
    public static String epoch() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        return HEX.formatHex(b);
    }

    public static boolean isHex160(String s) {
        if (s == null || s.length() != 42 || !(s.startsWith("0x") || s.startsWith("0X"))) return false;
        for (int i = 2; i < 42; i++) if (Character.digit(s.charAt(i), 16) < 0) return false;
        return true;
    }
}
