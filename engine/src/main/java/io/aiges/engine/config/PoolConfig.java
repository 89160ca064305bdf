package io.aiges.engine.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The instance pool of a service.
 *
 * @param licence      instances created, and so requests or sessions served at once
 *                     ({@code [fc] max}, as the original; {@code [wrapper] common.lic} is only
 *                     passed to the engine)
 * @param queueSize    requests allowed to wait for a free instance ({@code [fc] queue}); 0 means
 *                     "answer 10110 at once", as the original does
 * @param queueTimeout longest wait for a free instance before 10110 ({@code [fc] queueTimeout} ms)
 * @param readyWhen    whether start-up waits for every instance or only the first ({@code [fc] readyWhen})
 */
public record PoolConfig(int licence, int queueSize, Duration queueTimeout, ReadyWhen readyWhen) {
    public PoolConfig {
        Objects.requireNonNull(readyWhen, "readyWhen");
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

    /** A pool that is ready when all its instances are (the original's behaviour). */
    public PoolConfig(int licence, int queueSize, Duration queueTimeout) {
        this(licence, queueSize, queueTimeout, ReadyWhen.ALL);
    }

    /** This pool, ready when {@code when} says instead of its own. */
    public PoolConfig withReadyWhen(ReadyWhen when) {
        return new PoolConfig(licence, queueSize, queueTimeout, when);
    }
}
