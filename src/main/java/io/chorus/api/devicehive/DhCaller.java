package io.chorus.api.devicehive;

/** Who sends requests: a WebSocket connection (which keeps its authentication) or one REST request. */
interface DhCaller {
    DhPrincipal principal();

    void authenticated(DhPrincipal principal);

    /** The Host header the caller used (for URLs the server reports), or null. */
    String host();
}
