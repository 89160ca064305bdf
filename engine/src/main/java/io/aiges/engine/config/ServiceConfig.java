package io.aiges.engine.config;

import io.aiges.api.EngineSpec;

import java.time.Duration;
import java.util.Objects;

/**
 * One service: its name (the {@code -s} section name and the {@code /v1/{name}} route), the
 * engine behind it, its instance pool and how long one request may take.
 *
 * @param requestTimeout upper bound for a one-shot request once it holds an instance
 *                       ({@code [aiges] requestTimeout} in ms; the original's {@code waitTime})
 * @param sessions       streaming sessions: their timeouts and when results are read
 * @param rateLimit      requests per window ({@code [fc] router = "qpsLimiter"}), or none
 * @param batching       dynamic batching of one-shot requests ({@code [batching]}), or {@link BatchConfig#OFF}
 * @param clientLimits   what one client may use ({@code [fc] maxSessionsPerClient}, {@code maxRequestsPerClient}),
 *                       or {@link ClientLimitConfig#OFF}
 */
public record ServiceConfig(String name, EngineSpec engine, PoolConfig pool, Duration requestTimeout,
                            SessionConfig sessions, RateLimitConfig rateLimit, BatchConfig batching,
                            ClientLimitConfig clientLimits) {
    public ServiceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(clientLimits, "clientLimits");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
    }

    /** A service with the original's session defaults. */
    public ServiceConfig(String name, EngineSpec engine, PoolConfig pool, Duration requestTimeout) {
        this(name, engine, pool, requestTimeout, SessionConfig.DEFAULTS);
    }

    /** A service with no rate limit (the original's sessionManager router). */
    public ServiceConfig(String name, EngineSpec engine, PoolConfig pool, Duration requestTimeout,
                         SessionConfig sessions) {
        this(name, engine, pool, requestTimeout, sessions, RateLimitConfig.NONE);
    }

    /** A service without batching. */
    public ServiceConfig(String name, EngineSpec engine, PoolConfig pool, Duration requestTimeout,
                         SessionConfig sessions, RateLimitConfig rateLimit) {
        this(name, engine, pool, requestTimeout, sessions, rateLimit, BatchConfig.OFF);
    }

    /** A service without per-client limits. */
    public ServiceConfig(String name, EngineSpec engine, PoolConfig pool, Duration requestTimeout,
                         SessionConfig sessions, RateLimitConfig rateLimit, BatchConfig batching) {
        this(name, engine, pool, requestTimeout, sessions, rateLimit, batching, ClientLimitConfig.OFF);
    }

    /** This service with {@code batching} instead of its own. */
    public ServiceConfig withBatching(BatchConfig newBatching) {
        return new ServiceConfig(name, engine, pool, requestTimeout, sessions, rateLimit, newBatching, clientLimits);
    }

    /** This service with {@code limits} instead of its own. */
    public ServiceConfig withClientLimits(ClientLimitConfig limits) {
        return new ServiceConfig(name, engine, pool, requestTimeout, sessions, rateLimit, batching, limits);
    }
}
