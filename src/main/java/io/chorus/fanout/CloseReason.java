package io.chorus.fanout;

/** Why the server ends a session; WebSocket transports send it as the close code and reason. */
public record CloseReason(int code, String text) {
    public static final CloseReason GOING_AWAY = new CloseReason(1001, "server shutting down");
    public static final CloseReason SLOW_CONSUMER = new CloseReason(1008, "slow consumer: outbound queue full");
    public static final CloseReason CREDENTIAL_REVOKED = new CloseReason(1008, "token revoked");
    public static final CloseReason IDLE = new CloseReason(1001, "no traffic within the ping timeout");
}
