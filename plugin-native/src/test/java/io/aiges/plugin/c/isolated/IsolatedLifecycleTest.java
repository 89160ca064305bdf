package io.aiges.plugin.c.isolated;

import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Opening and closing isolated engines: the child's life follows the engine's, and start-up failures are final. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IsolatedLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void closingTheEngineEndsTheChild() throws Exception {
        IsolatedEngine engine = TestEngines.openIsolated(TestEngines.build("faulty_engine", dir), Map.of());
        long pid = engine.childPid();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

        engine.close();

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        WrapperException closed = catchThrowableOfType(WrapperException.class, () -> engine.newInstance()
                .once(new Params(Map.of("sid", "late")), List.of(DataItem.text("t", "x"))));
        assertThat(closed.getMessage()).contains("closed");
    }

    @Test
    void closingEndsAChildWithACallStuckInTheEngine() throws Exception {
        IsolatedEngine engine = TestEngines.openIsolated(TestEngines.build("faulty_engine", dir), Map.of());
        long pid = engine.childPid();
        Thread stuck = Thread.ofPlatform().start(() -> {
            try {
                engine.newInstance().once(new Params(Map.of("sid", "stuck")), List.of(DataItem.text("t", "hang")));
            } catch (WrapperException expected) {
                // the child goes away under it
            }
        });
        while (engine.inFlight() == 0) {
            Thread.sleep(5);
        }

        engine.close();

        stuck.join(5_000);
        assertThat(stuck.isAlive()).as("the stuck call returned").isFalse();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void aChildDyingInWrapperInitIsRetriedABoundedNumberOfTimesThenOpenFails() throws Exception {
        Path library = TestEngines.build("faulty_engine", dir);

        WrapperException e = catchThrowableOfType(WrapperException.class,
                () -> TestEngines.openIsolated(library, Map.of("crash_init", "1")));

        assertThat(e.code()).isEqualTo(10901);
        assertThat(e.getMessage()).contains("died during start-up 3 times", "SIGSEGV");
    }

    @Test
    void anEngineRefusingToInitFailsOpenAtOnceWithItsCode() throws Exception {
        Path library = TestEngines.build("faulty_engine", dir);
        long start = System.nanoTime();

        WrapperException e = catchThrowableOfType(WrapperException.class,
                () -> TestEngines.openIsolated(library, Map.of("fail_init", "5")));

        assertThat(e.code()).isEqualTo(10901);
        assertThat(e.getMessage()).contains("wrapperInit", "code=5");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("no retries").isLessThan(5_000);
    }

    @Test
    void aMissingLibraryFailsOpenWith10903() {
        WrapperException e = catchThrowableOfType(WrapperException.class,
                () -> TestEngines.openIsolated(dir.resolve("libnothing.so"), Map.of()));

        assertThat(e.code()).isEqualTo(10903);
        assertThat(e.getMessage()).contains("libnothing.so");
    }
}
