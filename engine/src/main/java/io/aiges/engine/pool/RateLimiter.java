package io.aiges.engine.pool;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.RateLimitConfig;

import java.util.function.LongSupplier;

/**
 * A token bucket for {@code [fc] router = "qpsLimiter"}: {@code permits} requests per window,
 * refilled continuously (so a burst at a window's edge cannot double the rate, as a fixed
 * window would allow). A request over the rate gets 10110, the original's code, at once.
 */
public final class RateLimiter {
    private final String service;
    private final RateLimitConfig config;
    private final LongSupplier nanoClock;
    private final double permitsPerNano;
    private double tokens;
    private long refilledAt;

    public RateLimiter(String service, RateLimitConfig config) {
        this(service, config, System::nanoTime);
    }

    RateLimiter(String service, RateLimitConfig config, LongSupplier nanoClock) {
        this.service = service;
        this.config = config;
        this.nanoClock = nanoClock;
        this.permitsPerNano = (double) config.permits() / config.window().toNanos();
        this.tokens = config.permits();
        this.refilledAt = nanoClock.getAsLong();
    }

    /** Takes one permit, or throws 10110 when the rate is used up. */
    public void acquire() {
        if (!config.isLimited()) {
            return;
        }
        synchronized (this) {
            long now = nanoClock.getAsLong();
            tokens = Math.min(config.permits(), tokens + (now - refilledAt) * permitsPerNano);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return;
            }
        }
        throw new AigesException(AigesError.LIC_NOT_ENOUGH, "service " + service + ": more than " + config.permits()
                + " requests in " + config.window().toMillis() + " ms ([fc] qpsLimiter); retry later");
    }
}
