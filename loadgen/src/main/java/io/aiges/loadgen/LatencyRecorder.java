package io.aiges.loadgen;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latencies (of requests or whole sessions, and of single frames in sessions that time them) and
 * outcome codes of one measured phase, recorded from any thread. HdrHistogram's
 * {@link Recorder} takes values without locking; {@link #snapshot} folds what it gathered into a
 * running total, so the progress line and the summary read the same histogram.
 */
final class LatencyRecorder {
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private final Recorder frameRecorder = new Recorder(3);
    private final Histogram frameTotal = new Histogram(3);
    private final Map<String, LongAdder> codes = new ConcurrentHashMap<>();

    void record(long nanos, String code) {
        recorder.recordValue(Math.max(0, nanos));
        codes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** One frame's round trip in a streaming session, from its send to its result. */
    void recordFrame(long nanos) {
        frameRecorder.recordValue(Math.max(0, nanos));
    }

    /** Every frame latency recorded so far, in nanoseconds; empty unless sessions timed their frames. */
    synchronized Histogram frameSnapshot() {
        frameTotal.add(frameRecorder.getIntervalHistogram());
        return frameTotal.copy();
    }

    /** Every latency recorded so far, in nanoseconds. */
    synchronized Histogram snapshot() {
        total.add(recorder.getIntervalHistogram());
        return total.copy();
    }

    /** Requests by outcome code, in code order. */
    Map<String, Long> codes() {
        Map<String, Long> out = new TreeMap<>();
        codes.forEach((code, count) -> out.put(code, count.sum()));
        return out;
    }
}
