package io.chorus.store;

/** A store failure (I/O, constraint, corruption); the message never contains secrets. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) { super(message, cause); }
}
