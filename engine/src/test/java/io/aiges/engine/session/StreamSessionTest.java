package io.aiges.engine.session;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.engine.pool.InstancePool;
import io.aiges.engine.service.OutputSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamSessionTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final ExecutorService calls = Executors.newFixedThreadPool(2);
    private final AtomicInteger destroyed = new AtomicInteger();
    private final SessionTable table = new SessionTable();

    @AfterEach
    void stop() {
        timer.shutdownNow();
        calls.shutdownNow();
    }

    /** A real engine whose sessions echo every frame back and count their destroys. */
    private final class EchoEngine implements Engine {
        @Override
        public Wrapper newInstance() {
            return new Wrapper() {
                @Override
                public List<DataItem> once(Params params, List<DataItem> inputs) {
                    return inputs;
                }

                @Override
                public WrapperSession create(Params params) {
                    return new WrapperSession() {
                        private final List<DataItem> ready = new ArrayList<>();

                        @Override
                        public void write(List<DataItem> inputs) throws WrapperException {
                            if (inputs.stream().anyMatch(i -> i.asText().equals("fail"))) {
                                throw new WrapperException(555, "cannot");
                            }
                            ready.addAll(inputs);
                        }

                        @Override
                        public List<DataItem> read() {
                            List<DataItem> out = List.copyOf(ready);
                            ready.clear();
                            return out;
                        }

                        @Override
                        public void destroy() {
                            destroyed.incrementAndGet();
                        }
                    };
                }
            };
        }

        @Override
        public String version() {
            return "echo";
        }

        @Override
        public ServiceSchema schema() {
            return ServiceSchema.EMPTY;
        }

        @Override
        public void close() {
        }
    }

    private InstancePool pool() {
        return new InstancePool("svc", new EchoEngine(), new PoolConfig(1, 0, Duration.ZERO), timer);
    }

    private StreamSession open(InstancePool pool, String sid) {
        return StreamSession.open(sid, pool.acquire().join(), Params.EMPTY, calls, timer, SessionConfig.DEFAULTS, table,
                () -> { });
    }

    private static List<DataItem> frame(String text, DataStatus status) {
        return List.of(DataItem.text("in", text).withStatus(status));
    }

    @Test
    void lateFramesAre10101AndUnknownSessions10008() throws Exception {
        InstancePool pool = pool();
        StreamSession session = open(pool, "s1");
        SessionResult last = session.write(frame("bye", DataStatus.END), true).get(5, TimeUnit.SECONDS);
        assertThat(last.finished()).isTrue();
        assertThat(last.outputs()).singleElement().satisfies(item ->
                assertThat(item.descriptors()).containsEntry("seq", "0").containsEntry("status", "2"));
        assertThatThrownBy(() -> table.get("s1")).isInstanceOfSatisfying(AigesException.class,
                e -> assertThat(e.code()).isEqualTo(10101));
        assertThatThrownBy(() -> table.get("never")).isInstanceOfSatisfying(AigesException.class,
                e -> assertThat(e.code()).isEqualTo(10008));
        assertThatThrownBy(() -> session.write(frame("late", DataStatus.CONTINUE), false).join())
                .hasCauseInstanceOf(AigesException.class).hasMessageContaining("already ended");
    }

    @Test
    void anEngineFailureEndsTheSessionWithTheWriteCode() throws Exception {
        InstancePool pool = pool();
        StreamSession session = open(pool, "s2");
        List<AigesException> aborted = new ArrayList<>();
        session.onAbort(aborted::add);
        assertThatThrownBy(() -> session.write(frame("fail", DataStatus.BEGIN), false).join())
                .hasCauseInstanceOf(AigesException.class).hasMessageContaining(";code=555");
        assertThat(aborted).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo(10907));
        awaitDestroyed(1);
        awaitFreed(pool);
    }

    @Test
    void resultsAreCheckedAgainstTheDeclaredOutputsAndEchoTheirDescriptors() throws Exception {
        InstancePool pool = pool();
        StreamSession session = open(pool, "s3");
        session.expectOutputs(List.of(new OutputSpec("in", DataType.TEXT, Map.of("encoding", "utf8", "format", "plain"))));

        SessionResult first = session.write(frame("a", DataStatus.BEGIN), false).get(5, TimeUnit.SECONDS);
        SessionResult last = session.write(frame("b", DataStatus.END), true).get(5, TimeUnit.SECONDS);

        assertThat(first.outputs()).singleElement().satisfies(item -> assertThat(item.descriptors())
                .containsEntry("seq", "0").containsEntry("status", "0")
                .containsEntry("encoding", "utf8").containsEntry("format", "plain"));
        assertThat(last.outputs()).singleElement().satisfies(item -> assertThat(item.descriptors())
                .containsEntry("seq", "1").containsEntry("status", "2").containsEntry("format", "plain"));
        awaitDestroyed(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"undeclared name", "declared with another type"})
    void anUndeclaredOutputEndsTheSessionWith10106(String mismatch) throws Exception {
        InstancePool pool = pool();
        StreamSession session = open(pool, "s4");
        List<AigesException> aborted = new ArrayList<>();
        session.onAbort(aborted::add);
        session.expectOutputs(List.of(mismatch.equals("undeclared name")
                ? new OutputSpec("result", null, Map.of())
                : new OutputSpec("in", DataType.AUDIO, Map.of())));

        assertThatThrownBy(() -> session.write(frame("a", DataStatus.BEGIN), false).join())
                .hasCauseInstanceOf(AigesException.class).hasMessageContaining("wrapper output data invalid");
        assertThat(aborted).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo(10106));
        awaitDestroyed(1);
        awaitFreed(pool);
        assertThat(table.size()).isZero();
    }

    /** Ends racing from many threads (client close, timeouts, last result) destroy once and free once. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void endsExactlyOnceWhateverEndsIt(long seed) throws Exception {
        Random random = new Random(seed);
        InstancePool pool = pool();
        StreamSession session = open(pool, "race-" + seed);
        session.write(frame("a", DataStatus.BEGIN), false);
        List<Thread> enders = new ArrayList<>();
        for (int i = 0; i < 2 + random.nextInt(6); i++) {
            boolean viaLastFrame = random.nextBoolean();
            enders.add(Thread.ofPlatform().start(() -> {
                if (viaLastFrame) {
                    session.write(frame("z", DataStatus.END), true);
                } else {
                    session.close();
                }
            }));
        }
        for (Thread t : enders) {
            t.join();
        }
        awaitDestroyed(1);
        Thread.sleep(50);
        assertThat(destroyed.get()).isEqualTo(1);
        assertThat(pool.idleCount()).isEqualTo(1);
        assertThat(table.size()).isZero();
    }

    private void awaitDestroyed(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (destroyed.get() < count) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** The instance goes back to the pool just after the engine session is destroyed. */
    private void awaitFreed(InstancePool pool) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.idleCount() < 1 || table.size() > 0) {
            assertThat(System.nanoTime()).as("instance freed and session forgotten").isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(pool.idleCount()).isEqualTo(1);
    }
}
