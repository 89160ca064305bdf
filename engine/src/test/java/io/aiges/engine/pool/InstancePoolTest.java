package io.aiges.engine.pool;

import io.aiges.api.DataItem;
import io.aiges.api.Engine;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.PoolConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstancePoolTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** A real, trivial engine whose instances count their own fini calls. */
    static final class CountingEngine implements Engine {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final int failAt;

        CountingEngine(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public Wrapper newInstance() throws WrapperException {
            if (created.incrementAndGet() == failAt) {
                throw new WrapperException(77, "no GPU memory left");
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
        public String version() {
            return "counting";
        }

        @Override
        public ServiceSchema schema() {
            return ServiceSchema.EMPTY;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void createsTheLicenceCountUpFrontAndFinishesThemOnClose() {
        CountingEngine engine = new CountingEngine(-1);
        InstancePool pool = new InstancePool("svc", engine, new PoolConfig(3, 0, Duration.ZERO), timer);
        assertThat(engine.created.get()).isEqualTo(3);
        assertThat(pool.idleCount()).isEqualTo(3);
        pool.close();
        assertThat(engine.finished.get()).isEqualTo(3);
    }

    @Test
    void aFailingInstanceFailsStartUpAndFinishesTheOthers() {
        CountingEngine engine = new CountingEngine(3);
        assertThatThrownBy(() -> new InstancePool("svc", engine, new PoolConfig(4, 0, Duration.ZERO), timer))
                .isInstanceOfSatisfying(AigesException.class, e -> {
                    assertThat(e.code()).isEqualTo(10901);
                    assertThat(e.getMessage()).contains("instance 3 of 4", "no GPU memory left", ";code=77");
                });
        assertThat(engine.finished.get()).isEqualTo(2);
    }

    @Test
    void aLeaseIsReturnedOnceHoweverOftenClosed() throws Exception {
        InstancePool pool = new InstancePool("svc", new CountingEngine(-1), new PoolConfig(1, 0, Duration.ZERO), timer);
        Lease lease = pool.acquire().get();
        lease.close();
        lease.close();
        assertThat(pool.idleCount()).isEqualTo(1);
        Lease again = pool.acquire().get();
        assertThatThrownBy(() -> pool.acquire().join()).hasCauseInstanceOf(AigesException.class);
        again.close();
    }

    @Test
    void aRetiredInstanceIsReplacedNotReused() throws Exception {
        CountingEngine engine = new CountingEngine(-1);
        InstancePool pool = new InstancePool("svc", engine, new PoolConfig(1, 5, Duration.ofSeconds(5)), timer);
        Lease lease = pool.acquire().get();
        Wrapper suspect = lease.wrapper();
        CompletableFuture<Lease> waiting = pool.acquire();
        lease.retire();
        assertThat(waiting).as("a retired lease still holds its slot until closed").isNotDone();
        lease.close();
        Lease next = waiting.get(5, TimeUnit.SECONDS);
        assertThat(next.wrapper()).isNotSameAs(suspect);
        assertThat(engine.created.get()).isEqualTo(2);
        assertThat(engine.finished.get()).isEqualTo(1);
        assertThat(pool.size()).isEqualTo(1);
        next.close();
        pool.close();
        assertThat(engine.finished.get()).isEqualTo(2);
    }

    @Test
    void whenNoReplacementCanBeMadeThePoolShrinksInsteadOfReusing() throws Exception {
        CountingEngine engine = new CountingEngine(3);
        InstancePool pool = new InstancePool("svc", engine, new PoolConfig(2, 0, Duration.ZERO), timer);
        Lease lease = pool.acquire().get();
        lease.retire();
        lease.close();
        assertThat(pool.size()).isEqualTo(1);
        assertThat(pool.idleCount()).isEqualTo(1);
        pool.close();
    }

    @Test
    void closingFailsTheWaiters() {
        InstancePool pool = new InstancePool("svc", new CountingEngine(-1), new PoolConfig(1, 5, Duration.ofMinutes(1)), timer);
        pool.acquire().join();
        CompletableFuture<Lease> waiting = pool.acquire();
        pool.close();
        assertThatThrownBy(waiting::join).hasMessageContaining("shutting down");
        assertThatThrownBy(() -> pool.acquire().join()).hasMessageContaining("shutting down");
    }

    /**
     * Many threads acquire and release at random: an instance is never lent twice at once, every
     * request is either served or told 10110, and every instance is idle at the end.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void neverLendsAnInstanceTwice(long seed) throws Exception {
        Random random = new Random(seed);
        int licence = 1 + random.nextInt(4);
        int queue = random.nextInt(6);
        InstancePool pool = new InstancePool("svc", new CountingEngine(-1),
                new PoolConfig(licence, queue, Duration.ofMillis(1 + random.nextInt(30))), timer);
        Set<Wrapper> lent = ConcurrentHashMap.newKeySet();
        AtomicInteger doubleLent = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        int requests = 400;
        ExecutorService workers = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            int holdMicros = random.nextInt(2000);
            done.add(pool.acquire().handleAsync((lease, error) -> {
                if (error != null) {
                    assertThat(AigesException.unwrap(error).code()).isEqualTo(10110);
                    refused.incrementAndGet();
                    return null;
                }
                if (!lent.add(lease.wrapper())) {
                    doubleLent.incrementAndGet();
                }
                try {
                    TimeUnit.MICROSECONDS.sleep(holdMicros);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                lent.remove(lease.wrapper());
                served.incrementAndGet();
                lease.close();
                return null;
            }, workers));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        workers.shutdown();
        assertThat(doubleLent.get()).isZero();
        assertThat(served.get() + refused.get()).isEqualTo(requests);
        assertThat(served.get()).isGreaterThanOrEqualTo(licence);
        assertThat(pool.idleCount()).isEqualTo(licence);
        assertThat(pool.waitingCount()).isZero();
        pool.close();
    }
}
