package io.aiges.engine.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code [jobs]} of {@code aiges.toml}: where queued jobs live and their bounds.
 *
 * @param backend         {@code memory} (in this process, the default) or {@code redis} (shared by many processes)
 * @param redis           the Redis URI when the backend is redis, e.g. {@code redis://127.0.0.1:6379}
 * @param maxJobs         at most this many jobs waiting (memory: also running and kept); more are refused with 10110
 * @param maxPayloadBytes a job's request may not be larger (10009, HTTP 413)
 * @param resultTtl       how long an answered job can still be read
 * @param claimTimeout    a job running this long without an answer is taken over by another process (redis)
 * @param maxAttempts     a job taken this often without an answer goes to the dead-letter stream, failed
 * @param webhook         a URL that gets every answered job's status JSON by POST; empty for none
 */
public record JobsConfig(String backend, String redis, int maxJobs, long maxPayloadBytes, Duration resultTtl,
                         Duration claimTimeout, int maxAttempts, String webhook) {
    public static final String MEMORY = "memory";
    public static final String REDIS = "redis";

    /** The embedded default: an in-process queue. */
    public static final JobsConfig DEFAULTS = new JobsConfig(MEMORY, "redis://127.0.0.1:6379", 10_000,
            4L * 1024 * 1024, Duration.ofHours(1), Duration.ofSeconds(30), 3, "");

    public JobsConfig {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(webhook, "webhook");
        if (maxJobs < 1 || maxPayloadBytes < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("maxJobs, maxPayload and maxAttempts must be positive");
        }
        if (resultTtl.isNegative() || resultTtl.isZero() || claimTimeout.isNegative() || claimTimeout.isZero()) {
            throw new IllegalArgumentException("resultTtl and claimTimeout must be positive");
        }
    }
}
