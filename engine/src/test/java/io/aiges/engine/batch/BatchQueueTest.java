package io.aiges.engine.batch;

import io.aiges.engine.config.BatchConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule that forms batches, with time passed in: no clocks, no threads. */
class BatchQueueTest {
    private static final long MS = 1_000_000;

    private static BatchQueue<String> queue(int max, long delayMs, List<Integer> preferred, int queueSize) {
        return new BatchQueue<>(new BatchConfig(max, Duration.ofMillis(delayMs), preferred, queueSize, Duration.ofSeconds(1)));
    }

    private static List<String> items(BatchQueue.Next<String> next) {
        assertThat(next).isInstanceOf(BatchQueue.Send.class);
        return ((BatchQueue.Send<String>) next).batch().stream().map(e -> e.item).toList();
    }

    @Test
    void aPartialBatchWaitsOutTheDelayThenGoesAsItIs() {
        BatchQueue<String> queue = queue(8, 2, List.of(), 100);
        queue.offer("k", "a", 0);
        queue.offer("k", "b", MS);

        assertThat(queue.next(MS, true)).isEqualTo(new BatchQueue.WaitUntil<String>(2 * MS));
        assertThat(items(queue.next(2 * MS, true))).containsExactly("a", "b");
        assertThat(queue.next(2 * MS, true)).isEqualTo(new BatchQueue.Empty<String>());
    }

    @Test
    void aFullBatchGoesAtOnceAndTheRestWaits() {
        BatchQueue<String> queue = queue(3, 1000, List.of(), 100);
        for (String s : List.of("a", "b", "c", "d")) {
            queue.offer("k", s, 0);
        }

        assertThat(items(queue.next(0, true))).containsExactly("a", "b", "c");
        assertThat(queue.next(0, true)).isInstanceOf(BatchQueue.WaitUntil.class);
        assertThat(queue.size()).isOne();
    }

    @Test
    void preferredSizesGoAtOnceAsTheLargestThatFits() {
        BatchQueue<String> queue = queue(32, 1000, List.of(4, 8, 16), 100);
        for (int i = 0; i < 11; i++) {
            queue.offer("k", "r" + i, 0);
        }

        assertThat(items(queue.next(0, true))).hasSize(8);
        assertThat(queue.next(0, true)).isInstanceOf(BatchQueue.WaitUntil.class);
        assertThat(items(queue.next(1000 * MS, true))).hasSize(3);
    }

    @Test
    void differentKeysNeverShareABatchAndTheOldestGroupGoesFirst() {
        BatchQueue<String> queue = queue(8, 0, List.of(), 100);
        queue.offer("b", "b1", 1);
        queue.offer("a", "a1", 0);
        queue.offer("b", "b2", 2);

        assertThat(items(queue.next(5, true))).containsExactly("a1");
        assertThat(items(queue.next(5, true))).containsExactly("b1", "b2");
    }

    @Test
    void theQueueIsBoundedAndARemovedRequestLeavesNoTrace() {
        BatchQueue<String> queue = queue(8, 5, List.of(), 2);
        BatchQueue.Entry<String> first = queue.offer("k", "a", 0);
        assertThat(queue.offer("k", "b", 0)).isNotNull();
        assertThat(queue.offer("k", "c", 0)).isNull();

        assertThat(queue.remove("k", first)).isTrue();
        assertThat(queue.remove("k", first)).isFalse();
        assertThat(items(queue.next(10 * MS, true))).containsExactly("b");
        assertThat(queue.size()).isZero();
    }

    /** Random arrivals, keys and sizes: every request leaves exactly once, in order within its key, never mixed, never too many. */
    @ParameterizedTest
    @ValueSource(longs = {3, 14, 159, 2653})
    void randomArrivalsLeaveOnceInOrderAndUnmixed(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int max = 1 + random.nextInt(16);
        List<Integer> preferred = random.nextBoolean() ? List.of() : List.of(1 + random.nextInt(max));
        long delay = random.nextInt(5);
        BatchQueue<String> queue = queue(max, delay, preferred, 1000);
        Map<String, List<String>> sent = new HashMap<>();
        Map<String, List<String>> offered = new HashMap<>();
        long now = 0;
        int count = 0;
        while (count < 500 || queue.size() > 0) {
            now += random.nextInt(2) * MS;
            if (count < 500) {
                for (int i = random.nextInt(6); i > 0; i--) {
                    String key = "k" + random.nextInt(3);
                    String item = key + "#" + count++;
                    queue.offer(key, item, now);
                    offered.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
                }
            }
            BatchQueue.Next<String> next = queue.next(now, true);
            while (next instanceof BatchQueue.Send<String> send) {
                assertThat(send.batch()).hasSizeBetween(1, max);
                for (BatchQueue.Entry<String> entry : send.batch()) {
                    assertThat(entry.item).startsWith(send.key() + "#");
                    // Time moves in steps of at most 1 ms and every due batch is taken: none waits past its delay by more.
                    assertThat(now - entry.arrived).isLessThanOrEqualTo(delay * MS + MS);
                    sent.computeIfAbsent(send.key(), k -> new ArrayList<>()).add(entry.item);
                }
                next = queue.next(now, true);
            }
            if (next instanceof BatchQueue.WaitUntil<String> wait) {
                assertThat(wait.nanos()).isGreaterThan(now);
            }
        }
        assertThat(sent).isEqualTo(offered);
    }
}
