package io.aiges.engine.pool;

/**
 * Up to {@code capacity} tokens, refilled continuously at {@code capacity} per {@code windowNanos}:
 * the rule behind {@link RateLimiter} and the per-client rates. Refilling continuously means a
 * burst at a window's edge cannot double the rate, as a fixed window would allow. Not
 * thread-safe: its owner holds a lock around it.
 */
public final class TokenBucket {
    private final int capacity;
    private final double tokensPerNano;
    private double tokens;
    private long refilledAt;

    /** A full bucket at time {@code now} (nanoseconds of the owner's clock). */
    public TokenBucket(int capacity, long windowNanos, long now) {
        this.capacity = capacity;
        this.tokensPerNano = (double) capacity / windowNanos;
        this.tokens = capacity;
        this.refilledAt = now;
    }

    /** Takes one token if there is one at {@code now}. */
    public boolean take(long now) {
        tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** When the bucket was last used: from then on it refills, and after one window it is full again. */
    public long lastUsed() {
        return refilledAt;
    }
}
