package io.chorus.api.devicehive;

/** A DeviceHive error: the HTTP-style {@code code} and the reference server's {@code error} text. */
final class DhError extends RuntimeException {
    private final int code;

    DhError(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    int code() { return code; }

    static DhError badRequest(String message) { return new DhError(400, message); }

    static DhError notFound(String message) { return new DhError(404, message); }

    static DhError denied() { return new DhError(403, "Access is denied"); }

    static DhError invalidCredentials() { return new DhError(401, "Invalid credentials"); }
}
