package io.chorus.core;

/** A team space: it holds channels and members. A Chat21 app id is a zone; the default zone is "default". */
public record Zone(String id, String name, long createdAt) {
    public static final String DEFAULT_ID = "default";
}
