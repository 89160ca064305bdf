package io.aiges.plugin.c;

import io.aiges.api.BatchEngine;
import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.Engine;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What wrapperExecBatch promises, whether the library runs in this process or in an isolated
 * child: the engine of {@code src/test/c/batch_engine.c} answers each request with
 * "count:input", fails one request on {@code fail=yes} and the whole call on {@code fail_batch=yes}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ExecBatchContract {
    @TempDir
    protected static Path dir;
    protected Engine engine;

    /** Builds {@code src/test/c/<name>.c} in {@code dir} and opens it through {@link CForm}. */
    protected abstract Engine open(String name, Path dir) throws Exception;

    @BeforeAll
    void openBatchEngine() throws Exception {
        engine = open("batch_engine", dir);
    }

    @AfterAll
    void closeBatchEngine() {
        engine.close();
    }

    protected static BatchItem request(String text, String... params) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("sid", "sid-" + text);
        for (int i = 0; i < params.length; i += 2) {
            values.put(params[i], params[i + 1]);
        }
        return new BatchItem(new Params(values), List.of(DataItem.text("text", text)));
    }

    protected List<BatchOutcome> run(List<BatchItem> batch) throws WrapperException {
        return ((BatchWrapper) engine.newInstance()).onceBatch(batch);
    }

    private static String text(BatchOutcome outcome) {
        assertThat(outcome).isInstanceOf(BatchOutcome.Outputs.class);
        return ((BatchOutcome.Outputs) outcome).items().getFirst().asText();
    }

    @Test
    void aLibraryExportingTheSymbolDeclaresBatchSupport() throws Exception {
        assertThat(engine).isInstanceOf(BatchEngine.class);
        assertThat(engine.newInstance()).isInstanceOf(BatchWrapper.class);
        assertThat(engine.version()).isEqualTo("batch-test-1");
    }

    @Test
    void aLibraryWithoutTheSymbolIsNeverBatched() throws Exception {
        Engine plain = open("echo_engine", dir);
        try {
            assertThat(plain).isNotInstanceOf(BatchEngine.class);
            assertThat(plain.newInstance()).isNotInstanceOf(BatchWrapper.class);
        } finally {
            plain.close();
        }
    }

    @Test
    void everyAnswerBelongsToItsOwnRequestUnderConcurrentBatches() throws Exception {
        try (ExecutorService callers = Executors.newFixedThreadPool(4)) {
            List<Future<List<String>>> answers = new ArrayList<>();
            for (int b = 0; b < 24; b++) {
                int first = b * 100;
                int size = 2 + b % 31;
                answers.add(callers.submit(() -> run(IntStream.range(first, first + size)
                        .mapToObj(i -> request("input-" + i)).toList()).stream().map(ExecBatchContract::text).toList()));
            }
            for (int b = 0; b < answers.size(); b++) {
                int first = b * 100;
                int size = 2 + b % 31;
                assertThat(answers.get(b).get()).containsExactlyElementsOf(
                        IntStream.range(first, first + size).mapToObj(i -> size + ":input-" + i).toList());
            }
        }
    }

    @Test
    void aFailedRequestFailsAloneWithTheEnginesOwnCodeAndText() throws Exception {
        List<BatchOutcome> outcomes = run(List.of(request("a"), request("b", "fail", "yes"), request("c")));

        assertThat(text(outcomes.get(0))).isEqualTo("3:a");
        assertThat(outcomes.get(1)).isInstanceOf(BatchOutcome.Failed.class);
        WrapperException failure = ((BatchOutcome.Failed) outcomes.get(1)).error();
        assertThat(failure.code()).isEqualTo(20001);
        assertThat(failure.getMessage()).isEqualTo("this request asked to fail");
        assertThat(text(outcomes.get(2))).isEqualTo("3:c");
    }

    @Test
    void aFailedCallFailsTheWholeBatchWithAClearError() {
        WrapperException failure = catchThrowableOfType(WrapperException.class,
                () -> run(List.of(request("a"), request("b", "fail_batch", "yes"), request("c"))));

        assertThat(failure.code()).isEqualTo(20002);
        assertThat(failure.getMessage()).contains("wrapperExecBatch of", "failed for the whole batch of 3 requests",
                "the whole batch failed, as one of its requests asked");
    }

    @Test
    void aRequestAloneStillGoesThroughWrapperExec() throws Exception {
        Wrapper instance = engine.newInstance();
        assertThat(instance.once(request("alone").params(), request("alone").inputs()).getFirst().asText())
                .isEqualTo("1:alone");
    }

    @Test
    void requestsShareABatchKeyOnlyWhenTheyNameTheSameResources() {
        BatchEngine batching = (BatchEngine) engine;
        List<DataItem> inputs = List.of(DataItem.text("text", "x"));
        assertThat(batching.batchKey(new Params(Map.of()), inputs)).isPresent();
        assertThat(batching.batchKey(new Params(Map.of("psrIds", "1,2")), inputs))
                .isEqualTo(batching.batchKey(new Params(Map.of("psrIds", "[1, 2]")), inputs))
                .isNotEqualTo(batching.batchKey(new Params(Map.of("psrIds", "1")), inputs))
                .isNotEqualTo(batching.batchKey(new Params(Map.of()), inputs));
        assertThat(batching.batchKey(new Params(Map.of("psrIds", "not ids")), inputs))
                .as("runs alone, and wrapperExec's path says what is wrong").isEmpty();
    }
}
