package io.aiges.engine.service;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A service's cumulative one-shot inference statistics, in the terms Triton's statistics
 * extension uses, from the timings the service already takes ({@link OnceResult#queued()},
 * {@link OnceResult#engine()}): every front-end reads the same numbers, none computes its own.
 * Requests are counted once they are answered; engine calls ("executions") once they return, a
 * batch as one execution of its size. Sessions are not counted: they are no inferences of the
 * statistics' kind. Batch sizes are bounded by {@code [batching] maxBatchSize}, so is the map.
 *
 * <pre>{@code
 * InferenceStatistics.Snapshot now = service.statistics().snapshot();
 * now.success().count();  // requests answered
 * }</pre>
 */
public final class InferenceStatistics {
    /** How often something happened and the time it took in all, in nanoseconds. */
    public record Tally(long count, long nanos) {
    }

    /** The engine calls of one batch size. */
    public record BatchTally(int batchSize, Tally executions) {
    }

    /**
     * The statistics at one moment.
     *
     * @param lastInferenceMillis wall-clock time of the last request answered, 0 before the first
     * @param success             requests answered, with their time from arrival to answer
     * @param fail                requests failed, with their time from arrival to failure
     * @param queue               answered requests' wait for an instance or for their batch
     * @param engine              answered requests' engine calls (a batch's call counts for each of its requests)
     * @param executions          engine calls, a batch as one
     */
    public record Snapshot(long lastInferenceMillis, Tally success, Tally fail, Tally queue, Tally engine,
                           long executions, List<BatchTally> batches) {
    }

    private final LongSupplier wallClockMillis;
    private final AtomicLong lastInference = new AtomicLong();
    private final Counter success = new Counter();
    private final Counter fail = new Counter();
    private final Counter queue = new Counter();
    private final Counter engine = new Counter();
    private final LongAdder executions = new LongAdder();
    private final Map<Integer, Counter> batches = new ConcurrentHashMap<>();

    public InferenceStatistics(LongSupplier wallClockMillis) {
        this.wallClockMillis = wallClockMillis;
    }

    /** A request answered {@code nanos} after it arrived. */
    void succeeded(long nanos, OnceResult result) {
        success.add(nanos);
        queue.add(result.queued().toNanos());
        engine.add(result.engine().toNanos());
        lastInference.accumulateAndGet(wallClockMillis.getAsLong(), Math::max);
    }

    /** A request failed {@code nanos} after it arrived: refused, timed out, or failed by the engine. */
    void failed(long nanos) {
        fail.add(nanos);
    }

    /** An engine call for {@code batchSize} requests that took {@code nanos}. */
    void executed(int batchSize, long nanos) {
        executions.increment();
        batches.computeIfAbsent(batchSize, size -> new Counter()).add(nanos);
    }

    public Snapshot snapshot() {
        List<BatchTally> sizes = batches.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new BatchTally(e.getKey(), e.getValue().tally())).toList();
        return new Snapshot(lastInference.get(), success.tally(), fail.tally(), queue.tally(), engine.tally(),
                executions.sum(), sizes);
    }

    /** A count and a sum that many threads add to; read together, they may be one addition apart. */
    private static final class Counter {
        private final LongAdder count = new LongAdder();
        private final LongAdder nanos = new LongAdder();

        void add(long duration) {
            count.increment();
            nanos.add(Math.max(0, duration));
        }

        Tally tally() {
            return new Tally(count.sum(), nanos.sum());
        }
    }
}
