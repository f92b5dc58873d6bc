package io.chorus.transport;

/** A token bucket for one connection (used on its loop only): {@code rate} per second, bursts of 2x rate. */
public final class RateLimiter {
    private final double rate;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    public RateLimiter(int perSecond) {
        this.rate = perSecond;
        this.burst = perSecond * 2.0;
        this.tokens = burst;
    }

    public boolean tryAcquire() {
        if (rate <= 0) return true;
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * rate / 1e9);
        last = now;
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
}
