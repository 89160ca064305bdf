package io.aiges.loadgen;

import io.aiges.config.Durations;

import java.time.Duration;

/**
 * How much load, for how long. A closed loop ({@code rate} 0) keeps {@code concurrency} requests
 * in flight, sending the next as one finishes. An open loop sends {@code rate} requests a second
 * on a fixed schedule whatever the answers do, with at most {@code concurrency} in flight; a
 * request that has to wait for a free slot is still timed from its scheduled send time, so a
 * slow server shows up in the latencies instead of quietly lowering the load (coordinated
 * omission).
 *
 * @param maxRequests stop after this many requests; 0 for no count bound
 * @param duration    stop sending after this long; null for no time bound (at least one bound is set)
 */
public record LoadPlan(int concurrency, double rate, long maxRequests, Duration duration, Duration warmup,
                       Duration timeout) {

    public LoadPlan {
        if (concurrency < 1) {
            throw new IllegalArgumentException("-c/--concurrency: expected at least 1, got " + concurrency);
        }
        if (rate < 0 || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("--rate: expected requests a second above 0, got " + rate);
        }
        if (maxRequests < 0) {
            throw new IllegalArgumentException("-n/--requests: expected at least 1, got " + maxRequests);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("-d/--duration: expected more than 0, got " + Durations.show(duration));
        }
        if (maxRequests == 0 && duration == null) {
            throw new IllegalArgumentException("give -n/--requests or -d/--duration (or both): "
                    + "aiges bench does not start a run without an end");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup: expected 0 or more, got " + Durations.show(warmup));
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout: expected more than 0, got " + Durations.show(timeout));
        }
    }

    public boolean openLoop() {
        return rate > 0;
    }

    /** The warm-up as a plan of its own: same load, bounded by the warm-up time only. */
    LoadPlan warmupPhase() {
        return new LoadPlan(concurrency, rate, 0, warmup, Duration.ZERO, timeout);
    }
}
