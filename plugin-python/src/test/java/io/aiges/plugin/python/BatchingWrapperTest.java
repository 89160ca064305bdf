package io.aiges.plugin.python;

import io.aiges.api.BatchEngine;
import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.BatchConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.service.EngineForms;
import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.OnceResult;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A wrapper.py that defines wrapperOnceExecBatch (the "batching" test wrapper: each answer is its
 * request's text reversed, with its batch's size) is batched by the engine core; one that does not
 * is never batched, whatever [batching] says.
 */
class BatchingWrapperTest {
    @TempDir
    Path dir;

    static BatchItem item(String text) {
        return new BatchItem(new Params(Map.of("sid", "sid-" + text)), List.of(DataItem.text("text", text)));
    }

    static OnceRequest request(String text) {
        return new OnceRequest("sid-" + text, Map.of(), new Params(Map.of("sid", "sid-" + text)),
                List.of(DataItem.text("text", text)), List.of());
    }

    static ServiceConfig config(String name, Path folder, Map<String, String> wrapper, int licence, BatchConfig batching) {
        return new ServiceConfig(name, new EngineSpec(name, "python", "wrapper.py", null, wrapper, folder),
                new PoolConfig(licence, 1000, Duration.ofSeconds(10)), Duration.ofSeconds(10)).withBatching(batching);
    }

    static BatchConfig batching(int maxBatchSize) {
        return new BatchConfig(maxBatchSize, Duration.ofMillis(2), List.of(), 1000, Duration.ofSeconds(10));
    }

    private static String text(BatchOutcome outcome) {
        return switch (outcome) {
            case BatchOutcome.Outputs outputs -> outputs.items().getFirst().asText();
            case BatchOutcome.Failed failed -> "error " + failed.error().code() + " " + failed.error().getMessage();
        };
    }

    @Test
    void eachRequestOfABatchGetsItsOwnAnswerOrItsOwnError() throws Exception {
        Path folder = Wrappers.copy("batching", dir.resolve("batching"));
        try (Engine engine = Wrappers.open(folder, Map.of("callMillis", "1"))) {
            assertThat(engine).isInstanceOf(BatchEngine.class);
            assertThat(((BatchEngine) engine).batchKey(new Params(Map.of()), List.of())).contains("");
            Wrapper instance = engine.newInstance();
            try {
                assertThat(instance).isInstanceOf(BatchWrapper.class);
                List<BatchOutcome> outcomes = ((BatchWrapper) instance).onceBatch(List.of(item("abc"), item("bad"), item("xyz")));
                assertThat(outcomes).map(BatchingWrapperTest::text)
                        .containsExactly("cba batch=3", "error 7001 text 'bad' refused", "zyx batch=3");
                assertThat(((BatchWrapper) instance).onceBatch(List.of(item("untyped"), item("ok"))))
                        .map(BatchingWrapperTest::text).satisfiesExactly(
                                first -> assertThat(first).startsWith("error 30003 TypeError"),
                                second -> assertThat(second).isEqualTo("ko batch=2"));
                // A lone request is a batch of one: the wrapper needs no wrapperOnceExec.
                assertThat(instance.once(item("one").params(), item("one").inputs()).getFirst().asText())
                        .isEqualTo("eno batch=1");
                assertThatThrownBy(() -> instance.once(item("bad").params(), item("bad").inputs()))
                        .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(7001));
            } finally {
                instance.fini();
            }
        }
    }

    @Test
    void anExceptionOrAWrongCountFailsTheWholeBatchAndTheWorkerServesOn() throws Exception {
        Path folder = Wrappers.copy("batching", dir.resolve("batching"));
        try (Engine engine = Wrappers.open(folder, Map.of("callMillis", "1"))) {
            BatchWrapper instance = (BatchWrapper) engine.newInstance();
            try {
                assertThatThrownBy(() -> instance.onceBatch(List.of(item("abc"), item("boom"))))
                        .isInstanceOfSatisfying(WrapperException.class, e -> {
                            assertThat(e.code()).isEqualTo(30003);
                            assertThat(e.getMessage())
                                    .isEqualTo("wrapperOnceExecBatch failed: RuntimeError: the model broke on a batch of 2");
                        });
                assertThatThrownBy(() -> instance.onceBatch(List.of(item("abc"), item("short"))))
                        .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.getMessage())
                                .isEqualTo("wrapperOnceExecBatch got 2 requests and returned a list of 1;"
                                        + " return a list of one Response per request, in their order"));
                assertThat(instance.onceBatch(List.of(item("ok")))).map(BatchingWrapperTest::text)
                        .containsExactly("ko batch=1");
            } finally {
                instance.fini();
            }
        }
    }

    /**
     * 640 requests sent at once, each with a text of its own and a few "bad" ones among them, through
     * the core's batcher: every answer is its own request's, the bad ones fail alone, and batches form.
     */
    @Test
    void concurrentRequestsThroughTheBatcherEachGetTheirOwnAnswer() throws Exception {
        Path folder = Wrappers.copy("batching", dir.resolve("batching"));
        try (ServiceRegistry registry = ServiceRegistry.open(
                List.of(config("svc", folder, Map.of("callMillis", "5"), 2, batching(32))), EngineForms.onClassPath())) {
            Service service = registry.get("svc");
            assertThat(service.batching()).isTrue();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 640; i++) {
                texts.add(i % 50 == 7 ? "bad" : "text-" + i);
            }
            List<CompletableFuture<OnceResult>> results = texts.stream().map(t -> service.once(request(t))).toList();
            int largest = 0;
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                CompletableFuture<OnceResult> result = results.get(i);
                if (text.equals("bad")) {
                    AigesException error = AigesException.unwrap(catchThrowable(() -> result.get(20, TimeUnit.SECONDS)));
                    assertThat(error.getMessage()).as("request %d", i).contains("text 'bad' refused", "code=7001");
                    continue;
                }
                String answer = result.get(20, TimeUnit.SECONDS).outputs().getFirst().asText();
                assertThat(answer).as("request %d", i).startsWith(new StringBuilder(text).reverse() + " batch=");
                largest = Math.max(largest, Integer.parseInt(answer.substring(answer.indexOf('=') + 1)));
            }
            assertThat(largest).as("the largest batch").isGreaterThan(1).isLessThanOrEqualTo(32);
            assertThat(service.batchesRun()).isLessThan(texts.size());
        }
    }

    @Test
    void aBatchThatRaisesFailsEachOfItsRequestsWithTheWrappersMessage() throws Exception {
        Path folder = Wrappers.copy("batching", dir.resolve("batching"));
        try (ServiceRegistry registry = ServiceRegistry.open(
                List.of(config("svc", folder, Map.of("callMillis", "1"), 1, batching(8))), EngineForms.onClassPath())) {
            Service service = registry.get("svc");
            AigesException error = AigesException.unwrap(catchThrowable(() -> service.once(request("boom")).get(20, TimeUnit.SECONDS)));
            assertThat(error.code()).isEqualTo(10909);
            assertThat(error.getMessage()).contains("wrapperOnceExecBatch failed: RuntimeError: the model broke", "code=30003");
            assertThat(service.once(request("after")).get(20, TimeUnit.SECONDS).outputs().getFirst().asText())
                    .isEqualTo("retfa batch=1");
        }
    }

    @Test
    void aWrapperWithoutTheBatchMethodIsNeverBatched() throws Exception {
        Path folder = Wrappers.copy("variants", dir.resolve("variants"));
        try (ServiceRegistry registry = ServiceRegistry.open(List.of(config("svc", folder, Map.of(), 1, batching(32))),
                EngineForms.onClassPath())) {
            Service service = registry.get("svc");
            assertThat(service.batching()).isFalse();
        }
        try (Engine engine = Wrappers.open(folder, Map.of())) {
            assertThat(engine).isNotInstanceOf(BatchEngine.class);
            Wrapper instance = engine.newInstance();
            assertThat(instance).isNotInstanceOf(BatchWrapper.class);
            instance.fini();
        }
    }
}
