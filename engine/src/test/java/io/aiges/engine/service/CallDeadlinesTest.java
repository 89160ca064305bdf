package io.aiges.engine.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Request timeouts by one sweep: a call past its deadline expires once, soon after; an ended call never does. */
class CallDeadlinesTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aCallPastItsDeadlineExpiresOnceWithinOneSweepPeriod() throws Exception {
        try (CallDeadlines deadlines = new CallDeadlines(timer, Duration.ofMillis(200))) {
            CountDownLatch expired = new CountDownLatch(1);
            AtomicInteger times = new AtomicInteger();
            long started = System.nanoTime();
            deadlines.watch(() -> {
                times.incrementAndGet();
                expired.countDown();
            });
            assertThat(expired.await(5, TimeUnit.SECONDS)).isTrue();
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            // At its deadline or one sweep period (20 ms) after, give or take a busy machine's scheduling.
            assertThat(tookMs).isBetween(200L, 1000L);
            Thread.sleep(100);
            assertThat(times).hasValue(1);
            assertThat(deadlines.watched()).isZero();
        }
    }

    @Test
    void callsThatEndInTimeNeverExpireAndLeaveNothingBehind() throws Exception {
        try (CallDeadlines deadlines = new CallDeadlines(timer, Duration.ofMillis(50))) {
            AtomicInteger expired = new AtomicInteger();
            List<Runnable> ended = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                ended.add(deadlines.watch(expired::incrementAndGet));
            }
            assertThat(deadlines.watched()).isEqualTo(1000);
            ended.forEach(Runnable::run);
            Thread.sleep(200);
            assertThat(expired).hasValue(0);
            assertThat(deadlines.watched()).isZero();
        }
    }

    @Test
    void anExpiryThatThrowsDoesNotStopTheSweeps() throws Exception {
        try (CallDeadlines deadlines = new CallDeadlines(timer, Duration.ofMillis(20))) {
            deadlines.watch(() -> {
                throw new IllegalStateException("expiry bug");
            });
            Thread.sleep(100);
            CountDownLatch later = new CountDownLatch(1);
            deadlines.watch(later::countDown);
            assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void afterCloseNothingExpires() throws Exception {
        AtomicInteger expired = new AtomicInteger();
        CallDeadlines deadlines = new CallDeadlines(timer, Duration.ofMillis(20));
        deadlines.watch(expired::incrementAndGet);
        deadlines.close();
        Thread.sleep(100);
        assertThat(expired).hasValue(0);
    }
}
