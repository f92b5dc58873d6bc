package io.chorus.core;

/**
 * A refusal by the core, in terms every facade can map to its own error format: a {@link Kind}, a short
 * machine-readable {@code atom} (Diode's error names where they exist) and a human sentence.
 */
public final class ChorusException extends RuntimeException {
    public enum Kind { INVALID, NOT_FOUND, FORBIDDEN, CONFLICT, LIMITED, UNAVAILABLE }

    private final Kind kind;
    private final String atom;

    public ChorusException(Kind kind, String atom, String details) {
        super(details, null, false, false);
        this.kind = kind;
        this.atom = atom;
    }

    public Kind kind() { return kind; }

    public String atom() { return atom; }

    public String details() { return getMessage(); }

    public static ChorusException invalid(String atom, String details) { return new ChorusException(Kind.INVALID, atom, details); }

    public static ChorusException notFound(String atom, String details) { return new ChorusException(Kind.NOT_FOUND, atom, details); }

    public static ChorusException forbidden(String details) { return new ChorusException(Kind.FORBIDDEN, "forbidden", details); }

    public static ChorusException conflict(String atom, String details) { return new ChorusException(Kind.CONFLICT, atom, details); }
}
