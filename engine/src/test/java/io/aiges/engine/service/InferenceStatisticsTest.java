package io.aiges.engine.service;

import io.aiges.api.DataStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** What a service's statistics add up to, with the wall clock injected. */
class InferenceStatisticsTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final InferenceStatistics statistics = new InferenceStatistics(now::get);

    private static OnceResult answered(long queuedNanos, long engineNanos) {
        return new OnceResult("sid", DataStatus.ONCE, List.of(), Duration.ofNanos(queuedNanos), Duration.ofNanos(engineNanos));
    }

    @Test
    void nothingCountedBeforeTheFirstRequest() {
        InferenceStatistics.Snapshot empty = statistics.snapshot();
        assertThat(empty.lastInferenceMillis()).isZero();
        assertThat(empty.success()).isEqualTo(new InferenceStatistics.Tally(0, 0));
        assertThat(empty.executions()).isZero();
        assertThat(empty.batches()).isEmpty();
    }

    @Test
    void requestsAndEngineCallsAddUpAndBatchSizesComeInOrder() {
        statistics.succeeded(500, answered(100, 300));
        now.set(2_000);
        statistics.succeeded(700, answered(200, 400));
        statistics.failed(50);
        statistics.executed(4, 900);
        statistics.executed(1, 300);
        statistics.executed(4, 100);
        InferenceStatistics.Snapshot s = statistics.snapshot();
        assertThat(s.lastInferenceMillis()).isEqualTo(2_000);
        assertThat(s.success()).isEqualTo(new InferenceStatistics.Tally(2, 1200));
        assertThat(s.fail()).isEqualTo(new InferenceStatistics.Tally(1, 50));
        assertThat(s.queue()).isEqualTo(new InferenceStatistics.Tally(2, 300));
        assertThat(s.engine()).isEqualTo(new InferenceStatistics.Tally(2, 700));
        assertThat(s.executions()).isEqualTo(3);
        assertThat(s.batches()).containsExactly(
                new InferenceStatistics.BatchTally(1, new InferenceStatistics.Tally(1, 300)),
                new InferenceStatistics.BatchTally(4, new InferenceStatistics.Tally(2, 1000)));
    }

    @Test
    void theLastInferenceNeverGoesBackWhenAnswersFinishOutOfOrder() {
        now.set(5_000);
        statistics.succeeded(1, answered(0, 0));
        now.set(4_000);
        statistics.succeeded(1, answered(0, 0));
        assertThat(statistics.snapshot().lastInferenceMillis()).isEqualTo(5_000);
    }

    @Test
    void manyThreadsLoseNoCount() throws InterruptedException {
        Random seeds = new Random(18);
        Thread[] threads = new Thread[8];
        long[] expected = new long[threads.length];
        for (int t = 0; t < threads.length; t++) {
            long seed = seeds.nextLong();
            int index = t;
            threads[t] = Thread.ofPlatform().start(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < 10_000; i++) {
                    long engine = random.nextInt(1000);
                    expected[index] += engine;
                    statistics.succeeded(engine, answered(0, engine));
                    statistics.executed(1 + random.nextInt(4), engine);
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
        InferenceStatistics.Snapshot s = statistics.snapshot();
        assertThat(s.success().count()).isEqualTo(80_000);
        assertThat(s.engine().nanos()).isEqualTo(java.util.Arrays.stream(expected).sum());
        assertThat(s.executions()).isEqualTo(80_000);
        assertThat(s.batches().stream().mapToLong(b -> b.executions().count()).sum()).isEqualTo(80_000);
    }
}
