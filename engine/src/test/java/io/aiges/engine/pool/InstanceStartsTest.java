package io.aiges.engine.pool;

import io.aiges.api.DataItem;
import io.aiges.api.Engine;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ReadyWhen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** How a pool starts its instances: side by side or one by one, ready with all or with the first. */
class InstanceStartsTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /**
     * An engine whose instances hold their start open while {@code held} says so for their
     * number (1, 2, ...) until {@link #open} is counted down, and fail when {@code fails} says so;
     * it records how many starts ran at once.
     */
    static final class GatedEngine implements Engine {
        final boolean parallel;
        final IntPredicate held;
        final IntPredicate fails;
        final CountDownLatch open = new CountDownLatch(1);
        final AtomicInteger numbers = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger interrupted = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        GatedEngine(boolean parallel, IntPredicate held, IntPredicate fails) {
            this.parallel = parallel;
            this.held = held;
            this.fails = fails;
        }

        @Override
        public Wrapper newInstance() throws WrapperException {
            // Counted as running before it takes a number: a held start is let through once a second
            // start has a number, and by then that start must already count as running beside it.
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            int number = numbers.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            try {
                if (held.test(number) && !open.await(20, TimeUnit.SECONDS)) {
                    throw new WrapperException(1, "instance " + number + " was never let through");
                }
                if (fails.test(number)) {
                    throw new WrapperException(77, "no GPU memory left");
                }
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw new WrapperException(2, "interrupted");
            } finally {
                running.decrementAndGet();
            }
            return new Wrapper() {
                @Override
                public List<DataItem> once(Params params, List<DataItem> inputs) {
                    return List.of();
                }

                @Override
                public void fini() {
                    finished.incrementAndGet();
                }
            };
        }

        @Override
        public boolean startsInstancesInParallel() {
            return parallel;
        }

        @Override
        public String version() {
            return "gated";
        }

        @Override
        public ServiceSchema schema() {
            return ServiceSchema.EMPTY;
        }

        @Override
        public void close() {
        }
    }

    private InstancePool pool(Engine engine, int licence, ReadyWhen when) {
        return new InstancePool("svc", engine, new PoolConfig(licence, 4, Duration.ofSeconds(10), when), timer);
    }

    @Test
    void anEngineThatAllowsItStartsItsInstancesSideBySideBoundedByTheCores() throws Exception {
        assumeThat(CORES).as("side by side needs two cores").isGreaterThanOrEqualTo(2);
        // Instance 1 is held until another start has begun: only starts that overlap get through.
        GatedEngine engine = new GatedEngine(true, n -> n == 1, n -> false);
        Thread.ofPlatform().daemon(true).start(() -> {
            while (engine.numbers.get() < 2) {
                Thread.onSpinWait();
            }
            engine.open.countDown();
        });
        try (InstancePool pool = pool(engine, 4, ReadyWhen.ALL)) {
            assertThat(pool.size()).isEqualTo(4);
            assertThat(engine.mostAtOnce.get()).isBetween(2, Math.min(4, CORES));
        }
        assertThat(engine.finished.get()).isEqualTo(4);
    }

    @Test
    void anEngineThatDoesNotSayItIsSafeStartsOneInstanceAfterAnotherOnTheCallersThread() {
        GatedEngine engine = new GatedEngine(false, n -> false, n -> false);
        try (InstancePool pool = pool(engine, 4, ReadyWhen.ALL)) {
            assertThat(pool.size()).isEqualTo(4);
            assertThat(engine.mostAtOnce.get()).isEqualTo(1);
            assertThat(engine.threads).containsOnly(Thread.currentThread().getName());
        }
    }

    @Test
    void readyWhenFirstStartsTheRestOfAOneByOneEngineOnAThreadOfTheirOwn() throws Exception {
        GatedEngine engine = new GatedEngine(false, n -> n > 1, n -> false);
        try (InstancePool pool = pool(engine, 3, ReadyWhen.FIRST)) {
            assertThat(pool.size()).isEqualTo(1);
            engine.open.countDown();
            awaitSize(pool, 3);
            assertThat(engine.mostAtOnce.get()).isEqualTo(1);
            assertThat(engine.threads).hasSize(2).contains(Thread.currentThread().getName());
        }
    }

    @Test
    void byDefaultThePoolIsReadyOnlyWhenAllItsInstancesAre() throws Exception {
        GatedEngine engine = new GatedEngine(true, n -> n > 1, n -> false);
        Thread opener = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            engine.open.countDown();
        });
        try (InstancePool pool = pool(engine, 3, ReadyWhen.ALL)) {
            assertThat(engine.open.getCount()).as("the constructor waited for the held instances").isZero();
            assertThat(pool.size()).isEqualTo(3);
        }
        opener.join();
    }

    @Test
    void readyWhenFirstServesFromTheFirstInstanceAndGrowsAsTheOthersComeUp() throws Exception {
        GatedEngine engine = new GatedEngine(true, n -> n > 1, n -> false);
        try (InstancePool pool = pool(engine, 3, ReadyWhen.FIRST)) {
            assertThat(pool.size()).isEqualTo(1);
            Lease first = pool.acquire().get(5, TimeUnit.SECONDS);
            // With the only instance lent, the next request waits for one of those still starting.
            var second = pool.acquire();
            assertThat(second).isNotDone();
            engine.open.countDown();
            second.get(5, TimeUnit.SECONDS).close();
            first.close();
            awaitSize(pool, 3);
            assertThat(pool.idleCount()).isEqualTo(3);
        }
        assertThat(engine.finished.get()).isEqualTo(3);
    }

    @Test
    void aFailedStartFailsTheStartOfAllStopsTheOthersAndFinishesThoseUp() {
        assumeThat(CORES).isGreaterThanOrEqualTo(2);
        // 1 comes up, 2 fails, 3 (started with 2 on two cores) hangs until interrupted.
        GatedEngine engine = new GatedEngine(true, n -> n == 3, n -> n == 2);
        assertThatThrownBy(() -> pool(engine, 4, ReadyWhen.ALL))
                .isInstanceOfSatisfying(AigesException.class, e -> {
                    assertThat(e.code()).isEqualTo(10901);
                    assertThat(e.getMessage()).contains("creating engine instance 2 of 4 failed",
                            "no GPU memory left", ";code=77");
                });
        assertThat(engine.running.get()).as("no start left running").isZero();
        assertThat(engine.finished.get()).isEqualTo(engine.numbers.get() - 1 - engine.interrupted.get());
    }

    @Test
    void withReadyWhenFirstAStartFailingLaterLeavesThePoolServingWithFewer() throws Exception {
        GatedEngine engine = new GatedEngine(true, n -> n > 1, n -> n == 2);
        try (InstancePool pool = pool(engine, 3, ReadyWhen.FIRST)) {
            engine.open.countDown();
            awaitStartsEnded(engine, 3);
            assertThat(pool.size()).isEqualTo(2);
            pool.acquire().get(5, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void closingAPoolWhileInstancesStartStopsThemAndFinishesTheOnesUp() {
        GatedEngine engine = new GatedEngine(true, n -> n > 1, n -> false);
        InstancePool pool = pool(engine, 3, ReadyWhen.FIRST);
        pool.close();
        assertThat(engine.running.get()).isZero();
        assertThat(engine.interrupted.get()).isEqualTo(engine.numbers.get() - 1);
        assertThat(engine.finished.get()).isEqualTo(1);
    }

    private static void awaitSize(InstancePool pool, int size) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.size() < size && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(pool.size()).isEqualTo(size);
    }

    private static void awaitStartsEnded(GatedEngine engine, int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((engine.numbers.get() < count || engine.running.get() > 0) && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        // Past running: the failed one has been counted as ended by the pool a moment later.
        Thread.sleep(50);
    }
}
