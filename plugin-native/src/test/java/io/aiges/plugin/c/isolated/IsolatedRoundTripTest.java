package io.aiges.plugin.c.isolated;

import io.aiges.api.DataItem;
import io.aiges.plugin.c.RandomItems;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.plugin.c.CForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Whatever goes in comes back byte-exact through the echo engine running in a child process. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IsolatedRoundTripTest {
    private static final long SEED = 20261125L;

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
    void randomRequestsRoundTripExactly() throws Exception {
        Random random = new Random(SEED);
        Wrapper wrapper = engine.newInstance();
        for (int i = 0; i < 500; i++) {
            List<DataItem> in = RandomItems.items(random);

            List<DataItem> out = wrapper.once(new Params(Map.of("sid", "prop-" + i)), in);

            assertThat(out).as("request %d (seed %d)", i, SEED).isEqualTo(in);
        }
    }

    @Test
    void concurrentCallsFromManyLicencesGetTheirOwnAnswers() throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                checks.add(threads.submit(() -> {
                    Wrapper wrapper = engine.newInstance();
                    for (int i = 0; i < 100; i++) {
                        String text = "thread " + thread + " call " + i;
                        List<DataItem> out = wrapper.once(new Params(Map.of("sid", text)),
                                List.of(DataItem.text("t", text)));
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
    }

    @Test
    void theEngineCodeAndErrorTextCrossTheProcessBoundary() {
        WrapperException e = catchThrowableOfType(WrapperException.class, () -> engine.newInstance()
                .once(new Params(Map.of("sid", "f", "fail", "12345")), List.of(DataItem.text("t", "x"))));

        assertThat(e.code()).isEqualTo(12345);
        assertThat(e.getMessage()).isEqualTo("the engine refused: 12345 is not allowed");
    }

    @Test
    void asyncModeWorksInTheChildWithTheSameOptions() throws Exception {
        Path library = TestEngines.build("async_engine", dir);
        try (Engine async = new CForm().open(new EngineSpec("async", CForm.NAME, library.toString(), null, Map.of(),
                dir, Map.of("isolate", "true", "asyncMode", "true")))) {
            List<DataItem> out = async.newInstance().once(new Params(Map.of("sid", "a-1", "delay_ms", "20")),
                    List.of(DataItem.text("t", "hello")));

            assertThat(out).hasSize(1);
            assertThat(out.getFirst().asText()).isEqualTo("a-1|hello");
        }
    }

    @Test
    void aLargeItemRoundTrips() throws Exception {
        byte[] data = new byte[8 << 20];
        new Random(SEED).nextBytes(data);
        List<DataItem> in = List.of(DataItem.of("big", data, DataType.AUDIO));

        assertThat(engine.newInstance().once(new Params(Map.of("sid", "big")), in)).isEqualTo(in);
    }
}
