package io.aiges.plugin.c.isolated;

import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Streaming sessions of the echo engine (it upper-cases what was written) held in the engine child. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IsolatedSessionTest {
    @TempDir
    static Path dir;
    static IsolatedEngine engine;

    @BeforeAll
    static void open() throws Exception {
        engine = TestEngines.openIsolated(TestEngines.build("echo_engine", dir), Map.of());
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void framesWrittenAreReadBackAndTheSessionEndsWithDestroy() throws Exception {
        WrapperSession session = engine.newInstance().create(new Params(Map.of("sid", "s-1")));

        session.write(List.of(DataItem.text("t", "hello")));
        session.write(List.of(DataItem.text("t", "world")));
        List<DataItem> out = session.read();
        session.destroy();

        assertThat(out).extracting(DataItem::asText).containsExactly("HELLO", "WORLD");
        WrapperException gone = catchThrowableOfType(WrapperException.class, session::read);
        assertThat(gone.code()).isEqualTo(10008);
    }

    @Test
    void theEngineRefusingASessionKeepsItsCode() {
        WrapperException e = catchThrowableOfType(WrapperException.class,
                () -> engine.newInstance().create(new Params(Map.of("sid", "s-2", "fail", "12345"))));

        assertThat(e.code()).isEqualTo(12345);
    }

    @Test
    void aSessionDiesWithItsChildAndNewSessionsGoToTheNextChild() throws Exception {
        WrapperSession session = engine.newInstance().create(new Params(Map.of("sid", "s-3")));
        session.write(List.of(DataItem.text("t", "before")));
        long pid = engine.childPid();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        WrapperException lost = catchThrowableOfType(WrapperException.class, session::read);
        session.destroy(); // nothing left to destroy: must neither throw nor hang

        assertThat(lost.code()).isEqualTo(10109);
        assertThat(lost.getMessage()).contains("SIGKILL");
        WrapperSession next = engine.newInstance().create(new Params(Map.of("sid", "s-4")));
        next.write(List.of(DataItem.text("t", "after")));
        assertThat(next.read()).extracting(DataItem::asText).containsExactly("AFTER");
        next.destroy();
        assertThat(engine.childPid()).isNotEqualTo(pid);
    }
}
