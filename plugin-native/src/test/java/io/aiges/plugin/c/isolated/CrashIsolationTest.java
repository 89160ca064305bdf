package io.aiges.plugin.c.isolated;

import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A C engine that segfaults, aborts or exits in wrapperExec, run isolated: the crashing request
 * and every request in flight with it fail with 10109, the child is replaced, and this JVM (the
 * test's) lives on to run the next request.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrashIsolationTest {
    private static final int IN_FLIGHT = 4;

    @TempDir
    static Path dir;
    static IsolatedEngine engine;

    @BeforeAll
    static void open() throws Exception {
        engine = TestEngines.openIsolated(TestEngines.build("faulty_engine", dir), Map.of());
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void aSegfaultFailsTheCallsInFlightAndTheNextCallRunsInANewChild() throws Exception {
        assertCrashIsContained("crash", "SIGSEGV");
    }

    @Test
    void anAbortFailsTheCallsInFlightAndTheNextCallRunsInANewChild() throws Exception {
        assertCrashIsContained("abort", "SIGABRT");
    }

    @Test
    void anEngineCallingExitIsACrashToo() throws Exception {
        assertCrashIsContained("exit", "exited with code 3");
    }

    private void assertCrashIsContained(String fault, String reason) throws Exception {
        Wrapper wrapper = engine.newInstance();
        long before = pidOf(wrapper);
        long restarts = engine.restarts();
        try (ExecutorService threads = Executors.newFixedThreadPool(IN_FLIGHT)) {
            List<Future<List<DataItem>>> hanging = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                Wrapper other = engine.newInstance();
                hanging.add(threads.submit(() -> other.once(params("hang"), text("hang"))));
            }
            awaitInFlight(IN_FLIGHT);

            WrapperException crash = catchThrowableOfType(WrapperException.class,
                    () -> wrapper.once(params(fault), text(fault)));

            assertThat(crash.code()).isEqualTo(10109);
            assertThat(crash.getMessage()).startsWith("native engine crashed").contains(reason);
            for (Future<List<DataItem>> call : hanging) {
                ExecutionException failed = catchThrowableOfType(ExecutionException.class,
                        () -> call.get(10, TimeUnit.SECONDS));
                assertThat(failed.getCause()).isInstanceOfSatisfying(WrapperException.class,
                        e -> assertThat(e.code()).isEqualTo(10109));
            }
        }
        long start = System.nanoTime();
        long after = pidOf(wrapper);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("ms to the next answer")
                .isLessThan(2_000);
        assertThat(after).as("a new child").isNotEqualTo(before);
        assertThat(ProcessHandle.of(before).filter(ProcessHandle::isAlive)).as("the crashed child").isEmpty();
        assertThat(engine.restarts()).isEqualTo(restarts + 1);
    }

    @Test
    void anInterruptedCallFailsAtOnceAndOtherCallsGoOn() throws Exception {
        Wrapper hung = engine.newInstance();
        long pid = pidOf(hung);
        int before = engine.inFlight();
        try (ExecutorService threads = Executors.newSingleThreadExecutor()) {
            Future<List<DataItem>> call = threads.submit(() -> hung.once(params("hang"), text("hang")));
            awaitInFlight(before + 1);
            long start = System.nanoTime();

            call.cancel(true); // the request timeout does this: interrupts the calling thread
            awaitInFlight(before);

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
        }
        assertThat(pidOf(engine.newInstance())).as("same child, still serving").isEqualTo(pid);
    }

    @Test
    void theInterruptedCallGetsAbandonedAndItsLateAnswerIsDropped() throws Exception {
        Wrapper wrapper = engine.newInstance();
        long pid = pidOf(wrapper);
        Thread caller = Thread.currentThread();
        try (ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor()) {
            timer.schedule(caller::interrupt, 100, TimeUnit.MILLISECONDS);

            WrapperException abandoned = catchThrowableOfType(WrapperException.class,
                    () -> wrapper.once(params("slow"), text("slow")));

            assertThat(abandoned.code()).isEqualTo(10102);
            assertThat(abandoned.getMessage()).contains("abandoned");
            assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        }
        Thread.sleep(600); // the late answer arrives meanwhile and must not reach anyone
        assertThat(pidOf(wrapper)).isEqualTo(pid);
        assertThat(engine.inFlight()).isZero();
    }

    @Test
    void theVersionComesFromTheChild() {
        assertThat(engine.version()).isEqualTo("faulty-1.0");
        assertThat(engine.newInstance().version()).isEqualTo("faulty-1.0");
    }

    private static long pidOf(Wrapper wrapper) throws WrapperException {
        List<DataItem> out = wrapper.once(params("pid"), text("pid"));
        assertThat(out).hasSize(1);
        return Long.parseLong(out.getFirst().asText());
    }

    private static void awaitInFlight(int calls) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.inFlight() != calls) {
            assertThat(System.nanoTime()).as("%d calls in flight", calls).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static Params params(String sid) {
        return new Params(Map.of("sid", sid + "-" + System.nanoTime()));
    }

    private static List<DataItem> text(String text) {
        return List.of(DataItem.text("text", text));
    }
}
