package io.chorus.api.chat21;

/**
 * A refusal exactly as the reference answers it: HTTP status and body (JSON, plain text, or empty). The reference
 * mixes shapes (validation errors are 405 with a text body, a wrong app is 401 with no body), and clients match
 * them, so each refusal carries its own.
 */
final class Chat21Failure extends RuntimeException {
    private final int status;
    private final String body;
    private final boolean json;

    private Chat21Failure(int status, String body, boolean json) {
        super(body, null, false, false);
        this.status = status;
        this.body = body;
        this.json = json;
    }

    static Chat21Failure text(int status, String body) { return new Chat21Failure(status, body, false); }

    static Chat21Failure json(int status, String body) { return new Chat21Failure(status, body, true); }

    static Chat21Failure empty(int status) { return new Chat21Failure(status, "", false); }

    /** {@code {"success":false,"err":"..."}} */
    static Chat21Failure err(int status, String err) {
        return json(status, "{\"success\":false,\"err\":" + quote(err) + "}");
    }

    static String quote(String s) { return Chat21Json.quote(new StringBuilder(s.length() + 2), s).toString(); }

    int status() { return status; }

    String body() { return body; }

    boolean isJson() { return json; }
}
