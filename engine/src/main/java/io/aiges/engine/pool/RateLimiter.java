package io.aiges.engine.pool;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.RateLimitConfig;

import java.util.function.LongSupplier;

/**
 * The {@link TokenBucket} of {@code [fc] router = "qpsLimiter"}: {@code permits} requests per
 * window for the whole service. A request over the rate gets 10110, the original's code, at once.
 */
public final class RateLimiter {
    private final String service;
    private final RateLimitConfig config;
    private final LongSupplier nanoClock;
    private final TokenBucket bucket;

    public RateLimiter(String service, RateLimitConfig config) {
        this(service, config, System::nanoTime);
    }

    RateLimiter(String service, RateLimitConfig config, LongSupplier nanoClock) {
        this.service = service;
        this.config = config;
        this.nanoClock = nanoClock;
        this.bucket = new TokenBucket(config.permits(), config.window().toNanos(), nanoClock.getAsLong());
    }

    /** Takes one permit, or throws 10110 when the rate is used up. */
    public void acquire() {
        if (!config.isLimited()) {
            return;
        }
        synchronized (this) {
            if (bucket.take(nanoClock.getAsLong())) {
                return;
            }
        }
        throw new AigesException(AigesError.LIC_NOT_ENOUGH, "service " + service + ": more than " + config.permits()
                + " requests in " + config.window().toMillis() + " ms ([fc] qpsLimiter); retry later");
    }
}
