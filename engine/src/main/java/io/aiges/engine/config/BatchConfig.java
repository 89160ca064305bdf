package io.aiges.engine.config;

import java.time.Duration;
import java.util.List;

/**
 * Dynamic batching of one-shot requests ({@code [batching]}), for engines that declare batch
 * support: requests that may share a batch run together in one engine call on one instance,
 * having waited at most {@code maxBatchDelay} for others (see the batcher for when).
 *
 * @param maxBatchSize        most requests in one engine call; 1 turns batching off
 * @param maxBatchDelay       longest a request waits for others to join its batch on a free
 *                            instance, and only while every other instance runs a batch; an
 *                            idle service sends at once ({@code "500us"}, {@code "2ms"})
 * @param preferredBatchSizes batch sizes worth sending at once, without waiting out the delay
 *                            (each from 1 to {@code maxBatchSize}); empty: only a full batch is
 * @param queueSize           requests allowed to wait for a batch; past it 10110 at once
 * @param queueTimeout        longest a request waits for its batch to start before 10102
 */
public record BatchConfig(int maxBatchSize, Duration maxBatchDelay, List<Integer> preferredBatchSizes, int queueSize,
                          Duration queueTimeout) {
    /** No batching: every request is its own engine call. */
    public static final BatchConfig OFF = new BatchConfig(1, Duration.ZERO, List.of(), 0, Duration.ZERO);

    public BatchConfig {
        preferredBatchSizes = List.copyOf(preferredBatchSizes).stream().sorted().distinct().toList();
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
        }
        if (maxBatchDelay.isNegative() || queueTimeout.isNegative()) {
            throw new IllegalArgumentException("batching delays must not be negative");
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("batching queueSize must not be negative, got " + queueSize);
        }
        for (int size : preferredBatchSizes) {
            if (size < 1 || size > maxBatchSize) {
                throw new IllegalArgumentException("preferred batch size " + size + " must be from 1 to maxBatchSize ("
                        + maxBatchSize + ")");
            }
        }
    }

    public boolean enabled() {
        return maxBatchSize > 1;
    }
}
