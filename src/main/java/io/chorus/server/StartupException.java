package io.chorus.server;

/** A reason the server cannot start, worded for a one-line message (exit code 2). */
public final class StartupException extends Exception {
    public StartupException(String message) { super(message, null, false, false); }
}
