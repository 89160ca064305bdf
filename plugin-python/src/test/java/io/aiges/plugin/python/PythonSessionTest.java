package io.aiges.plugin.python;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.Engine;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Streaming sessions on real workers, driven as the engine core drives them (see
 * {@code StreamSession}): write each frame and read after it, then after the last frame read
 * every 50 ms until a result with status END; destroy once at the end.
 */
class PythonSessionTest {
    @TempDir
    Path dir;

    private static Params params(String sid, String ctl) {
        return new Params(Map.of("sid", sid, "ctl", ctl));
    }

    private static DataItem frame(String text, DataStatus status) {
        return DataItem.text("text", text).withStatus(status);
    }

    /** Writes the frames as the core does and returns every result read on the way. */
    private static List<DataItem> stream(WrapperSession session, String... texts) throws Exception {
        List<DataItem> results = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            boolean last = i == texts.length - 1;
            session.write(List.of(frame(texts[i], last ? DataStatus.END
                    : i == 0 ? DataStatus.BEGIN : DataStatus.CONTINUE)));
            results.addAll(session.read());
        }
        for (int poll = 0; poll < 100 && results.stream().noneMatch(item -> item.status().isLast()); poll++) {
            Thread.sleep(50);
            results.addAll(session.read());
        }
        return results;
    }

    private static List<String> destroyed(Path folder) throws Exception {
        Path file = folder.resolve("destroyed.txt");
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    @Test
    void theStreamTestDemoShapeDeliversItsResultsThroughTheCallback() throws Exception {
        Path folder = Wrappers.copy("stream", dir.resolve("stream"));
        try (Engine engine = Wrappers.open(folder, Map.of("common.lic", "1"))) {
            Wrapper wrapper = engine.newInstance();
            for (String sid : List.of("s-1", "s-2")) {
                WrapperSession session = wrapper.create(params(sid, "ok"));
                assertThat(stream(session, "a", "b", "c"))
                        .extracting(DataItem::key, DataItem::asText, DataItem::status)
                        .containsExactly(tuple("result", "1:a", DataStatus.BEGIN),
                                tuple("result", "2:b", DataStatus.CONTINUE),
                                tuple("result", "3:c", DataStatus.END));
                session.destroy();
            }
            // The demo's pool has one handle: the second session got it back after the first ended.
            assertThat(destroyed(folder)).containsExactly("Process-0-Thread-0", "Process-0-Thread-0");
            wrapper.fini();
        }
    }

    @Test
    void resultsFromWrapperReadKeepTheirStatusAndDestroyRunsOnce() throws Exception {
        Path folder = Wrappers.copy("read-stream", dir.resolve("read-stream"));
        try (Engine engine = Wrappers.open(folder, Map.of())) {
            Wrapper wrapper = engine.newInstance();
            WrapperSession session = wrapper.create(params("s-1", "ok"));
            assertThat(stream(session, "one", "two", "three", "four"))
                    .extracting(DataItem::asText, DataItem::status)
                    .containsExactly(tuple("ONE", DataStatus.BEGIN), tuple("TWO", DataStatus.CONTINUE),
                            tuple("THREE", DataStatus.CONTINUE), tuple("FOUR", DataStatus.END));
            assertThat(session.read()).isEmpty();
            session.destroy();
            assertThat(destroyed(folder)).containsExactly("h-s-1");
            wrapper.fini();
        }
    }

    @Test
    void theMnistDemosStringHandleOpensASessionOnTheBaseClassDefaults() throws Exception {
        Path folder = Wrappers.copy("mnist", dir.resolve("mnist"));
        try (Engine engine = Wrappers.open(folder, Map.of())) {
            Wrapper wrapper = engine.newInstance();
            WrapperSession session = wrapper.create(params("s-1", "x"));
            session.write(List.of(frame("img", DataStatus.BEGIN)));
            assertThat(session.read()).isEmpty();
            session.destroy();
            // The instance serves one-shot requests as before.
            assertThat(wrapper.once(params("s-2", "x"), List.of(DataItem.text("img", "1234567"))))
                    .singleElement().extracting(DataItem::asText).asString().contains("\"result\": 7");
            wrapper.fini();
        }
    }

    @Test
    void aCreateErrorCodeFailsWithTheWrappersErrorTextAndTheNextCreateWorks() throws Exception {
        Path folder = Wrappers.copy("stream", dir.resolve("stream"));
        try (Engine engine = Wrappers.open(folder, Map.of())) {
            Wrapper wrapper = engine.newInstance();
            assertThatThrownBy(() -> wrapper.create(params("s-1", "refuse")))
                    .isInstanceOfSatisfying(WrapperException.class, e -> {
                        assertThat(e.code()).isEqualTo(100);
                        assertThat(e.getMessage()).isEqualTo("user error defined here");
                    });
            WrapperSession session = wrapper.create(params("s-2", "ok"));
            // The demo answers -1 when its one handle is taken: negative codes are reported as 30003.
            assertThatThrownBy(() -> wrapper.create(params("s-3", "ok")))
                    .isInstanceOfSatisfying(WrapperException.class, e -> {
                        assertThat(e.code()).isEqualTo(30003);
                        assertThat(e.getMessage()).isEqualTo("wrapperCreate answered error code -1");
                    });
            assertThat(stream(session, "x")).extracting(DataItem::asText).containsExactly("1:x");
            session.destroy();
            wrapper.fini();
        }
    }

    @Test
    void writeAndReadFailuresCarryTheWrappersCodeOrException() throws Exception {
        Path folder = Wrappers.copy("read-stream", dir.resolve("read-stream"));
        try (Engine engine = Wrappers.open(folder, Map.of())) {
            Wrapper wrapper = engine.newInstance();
            WrapperSession refused = wrapper.create(params("s-1", "write-error"));
            assertThatThrownBy(() -> refused.write(List.of(frame("a", DataStatus.BEGIN))))
                    .isInstanceOfSatisfying(WrapperException.class, e -> {
                        assertThat(e.code()).isEqualTo(101);
                        assertThat(e.getMessage()).isEqualTo("write refused");
                    });
            refused.destroy();
            WrapperSession raising = wrapper.create(params("s-2", "read-raise"));
            raising.write(List.of(frame("a", DataStatus.BEGIN)));
            assertThatThrownBy(raising::read).isInstanceOfSatisfying(WrapperException.class, e -> {
                assertThat(e.code()).isEqualTo(30003);
                assertThat(e.getMessage()).isEqualTo("wrapperRead failed: RuntimeError: cannot read");
            });
            raising.destroy();
            assertThat(destroyed(folder)).containsExactly("h-s-1", "h-s-2");
            wrapper.fini();
        }
    }

    @Test
    void aWorkerKilledMidSessionFailsThatSessionAndTheNextOneGetsANewWorker() throws Exception {
        Path folder = Wrappers.copy("read-stream", dir.resolve("read-stream"));
        try (Engine engine = Wrappers.open(folder, Map.of())) {
            PythonWrapper wrapper = (PythonWrapper) engine.newInstance();
            WrapperSession session = wrapper.create(params("s-1", "pid"));
            session.write(List.of(frame("a", DataStatus.BEGIN)));
            long pid = Long.parseLong(session.read().getFirst().asText());
            assertThat(pid).isEqualTo(wrapper.workerPid());
            Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertThatThrownBy(() -> session.write(List.of(frame("b", DataStatus.CONTINUE))))
                    .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(10109));
            assertThatThrownBy(session::read)
                    .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(10109));
            session.destroy();

            WrapperSession next = wrapper.create(params("s-2", "ok"));
            assertThat(wrapper.workerPid()).isNotEqualTo(pid);
            assertThat(stream(next, "c", "d")).extracting(DataItem::asText).containsExactly("C", "D");
            next.destroy();
            assertThat(destroyed(folder)).containsExactly("h-s-2");
            wrapper.fini();
        }
    }

    @Test
    void destroyOnAnInterruptedThreadStillFreesTheSessionAndKeepsTheFlag() throws Exception {
        Path folder = Wrappers.copy("read-stream", dir.resolve("read-stream"));
        try (Engine engine = Wrappers.open(folder, Map.of())) {
            PythonWrapper wrapper = (PythonWrapper) engine.newInstance();
            long pid = wrapper.workerPid();
            WrapperSession session = wrapper.create(params("s-1", "ok"));
            Thread.currentThread().interrupt();
            session.destroy();
            assertThat(Thread.interrupted()).isTrue();
            assertThat(destroyed(folder)).containsExactly("h-s-1");
            assertThat(wrapper.workerPid()).isEqualTo(pid);
            wrapper.fini();
        }
    }
}
