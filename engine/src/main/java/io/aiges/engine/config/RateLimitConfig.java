package io.aiges.engine.config;

import java.time.Duration;

/**
 * The original's {@code [fc] router = "qpsLimiter"}: at most {@code permits} requests per
 * {@code window} ({@code [fc] max} per {@code [fc] ttl} ms). {@link #NONE} when the router is
 * {@code sessionManager}, where only the licence bounds the load.
 */
public record RateLimitConfig(int permits, Duration window) {
    public static final RateLimitConfig NONE = new RateLimitConfig(Integer.MAX_VALUE, Duration.ofSeconds(1));

    public RateLimitConfig {
        if (permits < 1) {
            throw new IllegalArgumentException("rate limit permits must be at least 1");
        }
        if (!window.isPositive()) {
            throw new IllegalArgumentException("rate limit window must be positive");
        }
    }

    public boolean isLimited() {
        return permits != Integer.MAX_VALUE;
    }
}
