package io.chorus.api.socketchat;

/** Ends a chat REST request with an HTTP status and the API's {@code null} body. */
final class ChatStatus extends RuntimeException {
    private final int status;

    ChatStatus(int status, String why) {
        super(why, null, false, false);
        this.status = status;
    }

    int status() { return status; }
}
