package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** One-shot requests through wrapperExec, against an engine that upper-cases text and echoes the rest. */
class SyncOnceTest {
    @TempDir
    static Path dir;
    static Path library;
    static Engine engine;

    @BeforeAll
    static void open() throws Exception {
        library = Gcc.sharedLibrary("echo_engine", dir);
        engine = new CForm().open(new EngineSpec("echo", "c", library.getFileName().toString(), null,
                Map.of(), dir));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void textIsUpperCasedAndTheSidAndParamsReachTheEngine() throws Exception {
        Wrapper wrapper = engine.newInstance();
        Map<String, String> params = Map.of("sid", "sid-42", "upper", "1", "lang", "中文");

        List<DataItem> out = wrapper.once(new Params(params), List.of(DataItem.text("text", "hello, aiges")));

        assertThat(out).hasSize(2);
        assertThat(out.get(0).key()).isEqualTo("text");
        assertThat(out.get(0).asText()).isEqualTo("HELLO, AIGES");
        DataItem echoed = out.get(1);
        assertThat(echoed.asText()).as("usrTag seen by the engine").isEqualTo("sid-42");
        assertThat(echoed.descriptors()).as("params seen by the engine").isEqualTo(params);
    }

    @Test
    void severalInputsWithDescriptorsAndBinaryDataComeBackAsSent() throws Exception {
        byte[] binary = {0, 1, 0, (byte) 0xff, 0, 0, 42, 0};
        List<DataItem> in = List.of(
                new DataItem("audio", binary, DataType.AUDIO, DataStatus.BEGIN,
                        Map.of("encoding", "raw", "sample_rate", "16000")),
                new DataItem("empty", new byte[0], DataType.IMAGE, DataStatus.END, Map.of()),
                new DataItem("video", new byte[]{0}, DataType.VIDEO, DataStatus.CONTINUE, Map.of("seq", "3")),
                new DataItem("per", new byte[]{7, 0, 7}, DataType.OTHER, DataStatus.ONCE, Map.of("k", "")));

        List<DataItem> out = engine.newInstance().once(new Params(Map.of("sid", "binary")), in);

        assertThat(out).isEqualTo(in);
    }

    @Test
    void everyExecIsFreedExactlyOnceAndNothingLeaks() throws Exception {
        long execs = Gcc.counter(library, "test_exec_calls");
        long frees = Gcc.counter(library, "test_exec_free_calls");
        Wrapper wrapper = engine.newInstance();

        for (int i = 0; i < 20; i++) {
            wrapper.once(new Params(Map.of("sid", "s" + i)), List.of(DataItem.text("a", "x"), DataItem.text("b", "y")));
        }
        wrapper.once(new Params(Map.of("sid", "none")), List.of());

        assertThat(Gcc.counter(library, "test_exec_calls") - execs).isEqualTo(21);
        assertThat(Gcc.counter(library, "test_exec_free_calls") - frees).isEqualTo(21);
        assertThat(Gcc.counter(library, "test_live_nodes")).as("nodes the engine still holds").isZero();
    }

    @Test
    void aFailingExecCarriesTheEngineCodeAndItsErrorText() {
        WrapperException e = catchThrowableOfType(WrapperException.class, () -> engine.newInstance()
                .once(new Params(Map.of("sid", "f", "fail", "12345")), List.of(DataItem.text("t", "x"))));

        assertThat(e.code()).isEqualTo(12345);
        assertThat(e.getMessage()).isEqualTo("the engine refused: 12345 is not allowed");
    }

    @Test
    void instancesShareTheEngineAndReportItsVersion() throws Exception {
        assertThat(engine.version()).isEqualTo("echo-1.0");
        assertThat(engine.newInstance().version()).isEqualTo("echo-1.0");
    }

    @Test
    void anOutputOfUnknownTypeIsRejectedAndStillFreed() {
        long frees = Gcc.counter(library, "test_exec_free_calls");

        WrapperException e = catchThrowableOfType(WrapperException.class, () -> engine.newInstance()
                .once(new Params(Map.of("sid", "bad", "bad_type", "99")), List.of(DataItem.text("t", "x"))));

        assertThat(e.code()).isEqualTo(10106);
        assertThat(e.getMessage()).contains("'t'", "99");
        assertThat(Gcc.counter(library, "test_exec_free_calls") - frees).isEqualTo(1);
    }

    @Test
    void concurrentCallsDoNotMixTheirData() throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                checks.add(threads.submit(() -> {
                    Wrapper wrapper = engine.newInstance();
                    for (int i = 0; i < 200; i++) {
                        String text = "thread " + thread + " call " + i;
                        List<DataItem> out = wrapper.once(new Params(Map.of("sid", text)), List.of(DataItem.text("t", text)));
                        if (!out.getFirst().asText().equals(text)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        }
        assertThat(Gcc.counter(library, "test_live_nodes")).isZero();
    }
}
