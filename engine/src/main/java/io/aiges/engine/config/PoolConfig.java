package io.aiges.engine.config;

import java.time.Duration;

/**
 * The instance pool of a service.
 *
 * @param licence      instances created, and so requests or sessions served at once
 *                     ({@code [fc] max}, as the original; {@code [wrapper] common.lic} is only
 *                     passed to the engine)
 * @param queueSize    requests allowed to wait for a free instance ({@code [fc] queue}); 0 means
 *                     "answer 10110 at once", as the original does
 * @param queueTimeout longest wait for a free instance before 10110 ({@code [fc] queueTimeout} ms)
 */
public record PoolConfig(int licence, int queueSize, Duration queueTimeout) {
    public PoolConfig {
        if (licence < 1) {
            throw new IllegalArgumentException("licence must be at least 1, got " + licence);
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("queue size must not be negative, got " + queueSize);
        }
        if (queueTimeout.isNegative()) {
            throw new IllegalArgumentException("queue timeout must not be negative");
        }
    }
}
