package io.aiges.plugin.java;

import io.aiges.api.BatchEngine;
import io.aiges.api.DataItem;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.BatchConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.service.EngineForms;
import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.OnceResult;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.demo.engines.CaseBatchEngine;
import io.aiges.demo.engines.RunningTextEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Java engines whose class implements BatchWrapper, served by the engine core's Service as
 * aiges serves them: requests share engine calls, and each gets the answer or the error it
 * gets alone. A plain Wrapper class is served one request at a time, batching or not.
 */
class BatchedJavaEngineTest {
    private ServiceRegistry registry;

    @BeforeEach
    void clearTheRecord() {
        RecordingBatchEngine.reset();
    }

    @AfterEach
    void stop() {
        RecordingBatchEngine.gate.countDown();
        if (registry != null) {
            registry.close();
        }
    }

    private static ServiceConfig config(String name, Class<?> engine, Map<String, String> wrapper, int licence,
                                        BatchConfig batching) {
        return new ServiceConfig(name, new EngineSpec(name, JavaForm.NAME, null, engine.getName(), wrapper, Path.of(".")),
                new PoolConfig(licence, 1000, Duration.ofSeconds(10)), Duration.ofSeconds(10)).withBatching(batching);
    }

    private static BatchConfig batching(int maxBatchSize, Duration delay) {
        return new BatchConfig(maxBatchSize, delay, List.of(), 1000, Duration.ofSeconds(10));
    }

    private Service serve(Class<?> engine, int licence, BatchConfig batching) {
        registry = ServiceRegistry.open(List.of(config("svc", engine, Map.of(), licence, batching)), EngineForms.onClassPath());
        return registry.get("svc");
    }

    private static OnceRequest request(Map<String, String> params, String text) {
        return new OnceRequest("sid-" + text, Map.of(), new Params(params), List.of(DataItem.text("text", text)), List.of());
    }

    /** What a request got: its one output's text, or its error's code and message. */
    private static String outcome(CompletableFuture<OnceResult> result) {
        try {
            return "ok " + result.get(20, TimeUnit.SECONDS).outputs().getFirst().asText();
        } catch (Exception e) {
            AigesException error = AigesException.unwrap(e);
            return "error " + error.code() + " " + error.getMessage();
        }
    }

    private static AigesException failure(CompletableFuture<OnceResult> result) {
        return AigesException.unwrap(catchThrowable(() -> result.get(20, TimeUnit.SECONDS)));
    }

    @Test
    void aBatchWrapperClassIsABatchEngineKeyedByItsClassAndAPlainWrapperIsNot() throws Exception {
        JavaForm form = new JavaForm();
        try (Engine batched = form.open(new EngineSpec("svc", "java", null, CaseBatchEngine.class.getName(), Map.of(), Path.of(".")));
             Engine plain = form.open(new EngineSpec("svc", "java", null, RunningTextEngine.class.getName(), Map.of(), Path.of(".")))) {
            assertThat(batched).isInstanceOf(BatchEngine.class);
            BatchEngine keys = (BatchEngine) batched;
            List<DataItem> one = List.of(DataItem.text("text", "x"));
            assertThat(keys.batchKey(new Params(Map.of("case", "lower")), one)).contains("lower");
            assertThat(keys.batchKey(new Params(Map.of("case", "title")), one)).isEmpty();
            assertThat(plain).isNotInstanceOf(BatchEngine.class);
        }
    }

    /**
     * Seeded random texts and cases (some empty: 10009; some with an unknown case: run alone,
     * 10107) from several threads at once, against the same requests sent one by one to the same
     * engine without batching: every request gets exactly what it gets alone, and batches form.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void concurrentRequestsGetWhatTheyGetAlone(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> wrapper = Map.of("callMillis", "2");
        registry = ServiceRegistry.open(List.of(
                config("batched", CaseBatchEngine.class, wrapper, 1 + random.nextInt(2), batching(2 + random.nextInt(15), Duration.ofMillis(2))),
                config("alone", CaseBatchEngine.class, wrapper, 1, BatchConfig.OFF)), EngineForms.onClassPath());
        Service batched = registry.get("batched");
        Service alone = registry.get("alone");
        assertThat(batched.batching()).isTrue();

        int senders = 4;
        int perSender = 40;
        List<List<OnceRequest>> sent = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            List<OnceRequest> requests = new ArrayList<>();
            for (int i = 0; i < perSender; i++) {
                int pick = random.nextInt(20);
                String kase = pick == 0 ? "title" : pick % 2 == 0 ? "upper" : "lower";
                String text = pick == 1 ? "" : randomText(random) + "-" + s + "-" + i;
                requests.add(request(Map.of("case", kase), text));
            }
            sent.add(requests);
        }
        List<CompletableFuture<List<String>>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<OnceRequest> requests : sent) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    List<CompletableFuture<OnceResult>> results = requests.stream().map(batched::once).toList();
                    return results.stream().map(BatchedJavaEngineTest::outcome).toList();
                }, threads));
            }
            for (int s = 0; s < senders; s++) {
                List<String> got = answers.get(s).get(30, TimeUnit.SECONDS);
                for (int i = 0; i < perSender; i++) {
                    assertThat(got.get(i)).as("request %d of sender %d", i, s)
                            .isEqualTo(outcome(alone.once(sent.get(s).get(i))));
                }
            }
        }
        assertThat(batched.batchesRun()).isPositive();
        assertThat(batched.batchedRequests()).as("requests in batches, more than batches: some were shared")
                .isGreaterThan(batched.batchesRun());
        assertThat(alone.batchesRun()).isZero();
    }

    private static String randomText(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append((char) ((random.nextBoolean() ? 'a' : 'A') + random.nextInt(26)));
        }
        return text.toString();
    }

    @Test
    void aRefusedRequestFailsAloneAndAThrowingCallFailsItsWholeBatch() throws Exception {
        Service service = serve(RecordingBatchEngine.class, 1, batching(8, Duration.ZERO));
        CompletableFuture<OnceResult> blocker = holdTheInstance(service, "blocker");
        List<CompletableFuture<OnceResult>> mixed = List.of(service.once(request(Map.of(), "ok")),
                service.once(request(Map.of(), "fail")), service.once(request(Map.of(), "fine")));
        RecordingBatchEngine.gate.countDown();
        assertThat(outcome(blocker)).isEqualTo("ok BLOCKER");

        assertThat(outcome(mixed.get(0))).isEqualTo("ok OK");
        AigesException refused = failure(mixed.get(1));
        assertThat(refused.error()).isEqualTo(AigesError.INVALID_DATA);
        assertThat(refused.getMessage()).isEqualTo("cannot read 'fail'");
        assertThat(outcome(mixed.get(2))).isEqualTo("ok FINE");
        assertThat(RecordingBatchEngine.CALLS).contains(List.of("ok", "fail", "fine"));

        CompletableFuture<OnceResult> blocker2 = holdTheInstance(service, "blocker2");
        List<CompletableFuture<OnceResult>> broken = List.of(service.once(request(Map.of(), "one")),
                service.once(request(Map.of(), "boom")), service.once(request(Map.of(), "two")));
        RecordingBatchEngine.gate.countDown();
        assertThat(outcome(blocker2)).isEqualTo("ok BLOCKER2");
        for (CompletableFuture<OnceResult> result : broken) {
            AigesException e = failure(result);
            assertThat(e.code()).isEqualTo(10909);
            assertThat(e.getMessage()).isEqualTo("the accelerator fell over;code=4242");
        }
        assertThat(RecordingBatchEngine.CALLS).contains(List.of("one", "boom", "two"));
        assertThat(outcome(service.once(request(Map.of(), "after")))).isEqualTo("ok AFTER");
    }

    @Test
    void requestsShareCallsOnlyWithTheirKeyAndOneWhoseKeyThrowsRunsAlone() throws Exception {
        Service service = serve(RecordingBatchEngine.class, 1, batching(8, Duration.ZERO));
        CompletableFuture<OnceResult> blocker = holdTheInstance(service, "blocker");
        List<CompletableFuture<OnceResult>> results = List.of(
                service.once(request(Map.of("group", "a"), "a1")), service.once(request(Map.of("group", "b"), "b1")),
                service.once(request(Map.of("group", "a"), "a2")), service.once(request(Map.of("group", "throw"), "t")),
                service.once(request(Map.of("group", "b"), "b2")));
        RecordingBatchEngine.gate.countDown();
        assertThat(outcome(blocker)).isEqualTo("ok BLOCKER");

        assertThat(results.stream().map(BatchedJavaEngineTest::outcome))
                .containsExactly("ok A1", "ok B1", "ok A2", "ok T", "ok B2");
        assertThat(RecordingBatchEngine.CALLS).containsExactlyInAnyOrder(
                List.of("blocker"), List.of("a1", "a2"), List.of("b1", "b2"), List.of("t"));
        assertThat(service.batchedRequests()).as("all but the request without a key").isEqualTo(5);
    }

    @Test
    void aPlainWrapperClassIsServedOneRequestAtATimeWithBatchingOn() {
        Service service = serve(RunningTextEngine.class, 2, batching(8, Duration.ofMillis(5)));
        assertThat(service.batching()).isFalse();
        List<CompletableFuture<OnceResult>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(service.once(request(Map.of(), "text" + i)));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(outcome(results.get(i))).isEqualTo("ok text" + i);
        }
        assertThat(service.batchesRun()).isZero();
    }

    /** Sends a request that holds the service's only instance until the engine's gate opens. */
    private static CompletableFuture<OnceResult> holdTheInstance(Service service, String text) throws InterruptedException {
        RecordingBatchEngine.gate = new CountDownLatch(1);
        CompletableFuture<OnceResult> holder = service.once(request(Map.of(), text));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (RecordingBatchEngine.RUNNING.get() == 0 && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        assertThat(RecordingBatchEngine.RUNNING.get()).as("the holder is running").isPositive();
        return holder;
    }
}
