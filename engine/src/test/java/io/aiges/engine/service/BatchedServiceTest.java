package io.aiges.engine.service;

import io.aiges.api.BatchEngine;
import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.EngineSpec;
import io.aiges.api.ErrorCodes;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.WrapperException;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.BatchConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A service whose engine batches: requests of the same kind share engine calls, within the
 * licence, and each gets its own answer or its own error.
 */
class BatchedServiceTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Service service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        timer.shutdownNow();
    }

    /**
     * Upper-cases text items; the item's {@code kind} descriptor is its batch key. Text "fail"
     * fails alone (10009); text "boom" fails the whole batch (engine code 4242). Records every
     * batch, and how many ran at once.
     */
    static final class UpperBatchEngine implements BatchEngine {
        final ConcurrentLinkedQueue<List<String>> batches = new ConcurrentLinkedQueue<>();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        volatile long callMillis;
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public Optional<String> batchKey(Params params, List<DataItem> inputs) {
            return inputs.size() == 1 ? Optional.of(inputs.getFirst().descriptor("kind", "")) : Optional.empty();
        }

        @Override
        public BatchWrapper newInstance() {
            return new BatchWrapper() {
                @Override
                public List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
                    return onceBatch(List.of(new BatchItem(params, inputs))).getFirst() instanceof BatchOutcome.Outputs out
                            ? out.items() : List.of();
                }

                @Override
                public List<BatchOutcome> onceBatch(List<BatchItem> batch) throws WrapperException {
                    // The gate is taken before the call counts as running: a test that sees it running
                    // may then put an open gate in place for later calls without letting this one through.
                    CountDownLatch held = gate;
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        held.await();
                        Thread.sleep(callMillis);
                        batches.add(batch.stream().map(i -> i.inputs().getFirst().descriptor("kind", "") + ":"
                                + i.inputs().getFirst().asText()).toList());
                        List<BatchOutcome> out = new ArrayList<>();
                        for (BatchItem item : batch) {
                            String text = item.inputs().getFirst().asText();
                            if (text.equals("boom")) {
                                throw new WrapperException(4242, "the accelerator fell over");
                            }
                            out.add(text.equals("fail")
                                    ? BatchOutcome.failed(new WrapperException(ErrorCodes.INVALID_DATA, "cannot read '" + text + "'"))
                                    : BatchOutcome.of(List.of(DataItem.text("out", text.toUpperCase(Locale.ROOT)))));
                        }
                        return out;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new WrapperException(10909, "interrupted");
                    } finally {
                        running.decrementAndGet();
                    }
                }
            };
        }

        @Override
        public String version() {
            return "upper-batch";
        }

        @Override
        public ServiceSchema schema() {
            return ServiceSchema.EMPTY;
        }

        @Override
        public void close() {
        }
    }

    private Service start(UpperBatchEngine engine, int licence, BatchConfig batching) {
        return start(engine, licence, batching, Duration.ofSeconds(10));
    }

    private Service start(UpperBatchEngine engine, int licence, BatchConfig batching, Duration requestTimeout) {
        ServiceConfig config = new ServiceConfig("upper", new EngineSpec("upper", "java", null, "x", Map.of(), Path.of(".")),
                new PoolConfig(licence, 100, Duration.ofSeconds(10)), requestTimeout).withBatching(batching);
        service = new Service(config, engine, timer);
        return service;
    }

    private static OnceRequest request(String kind, String text) {
        return new OnceRequest("sid-" + text, Map.of(), Params.EMPTY,
                List.of(DataItem.text("in", text).withDescriptors(Map.of("kind", kind))), List.of());
    }

    private static String answer(CompletableFuture<OnceResult> result) {
        return result.join().outputs().getFirst().asText();
    }

    private static AigesException failure(CompletableFuture<OnceResult> result) {
        return AigesException.unwrap(catchThrowable(result::join));
    }

    /** Seeded random arrivals of three kinds from several threads: each answer is its own, batches are unmixed and bounded, the licence holds. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void randomArrivalsGetTheirOwnAnswersFromUnmixedBoundedBatches(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        UpperBatchEngine engine = new UpperBatchEngine();
        engine.callMillis = 2;
        int max = 2 + random.nextInt(8);
        int licence = 1 + random.nextInt(3);
        start(engine, licence, new BatchConfig(max, Duration.ofMillis(random.nextInt(3)), List.of(), 1000, Duration.ofSeconds(10)));
        int senders = 4;
        int perSender = 60;
        List<CompletableFuture<List<String[]>>> sent = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            long senderSeed = random.nextLong();
            sent.add(CompletableFuture.supplyAsync(() -> {
                SplittableRandom own = new SplittableRandom(senderSeed);
                List<String[]> pairs = new ArrayList<>();
                List<CompletableFuture<OnceResult>> results = new ArrayList<>();
                for (int i = 0; i < perSender; i++) {
                    String kind = "k" + own.nextInt(3);
                    String text = "t" + senderSeed % 1000 + "x" + i + kind;
                    results.add(service.once(request(kind, text)));
                    pairs.add(new String[] {text, null});
                    if (own.nextInt(4) == 0) {
                        try {
                            Thread.sleep(own.nextInt(3));
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
                for (int i = 0; i < perSender; i++) {
                    pairs.get(i)[1] = answer(results.get(i));
                }
                return pairs;
            }, Executors.newVirtualThreadPerTaskExecutor()));
        }
        for (CompletableFuture<List<String[]>> sender : sent) {
            for (String[] pair : sender.get(60, TimeUnit.SECONDS)) {
                assertThat(pair[1]).isEqualTo(pair[0].toUpperCase(Locale.ROOT));
            }
        }
        assertThat(engine.batches.stream().mapToInt(List::size).sum()).isEqualTo(senders * perSender);
        for (List<String> batch : engine.batches) {
            assertThat(batch).hasSizeBetween(1, max);
            assertThat(batch.stream().map(s -> s.substring(0, s.indexOf(':'))).distinct()).hasSize(1);
        }
        assertThat(engine.mostAtOnce.get()).isLessThanOrEqualTo(licence);
        assertThat(service.batchedRequests()).isEqualTo(senders * perSender);
        assertThat(service.isIdle()).isTrue();
    }

    /** While the other instance runs a batch, a partial batch waits out the delay on the free one. */
    @Test
    void aPartialBatchWaitsForTheDelayAndNoLonger() throws Exception {
        UpperBatchEngine engine = new UpperBatchEngine();
        start(engine, 2, new BatchConfig(8, Duration.ofMillis(150), List.of(), 100, Duration.ofSeconds(10)));
        CountDownLatch blocker = busyOtherInstance(engine);
        long started = System.nanoTime();
        List<CompletableFuture<OnceResult>> results = List.of(service.once(request("k", "a")), service.once(request("k", "b")),
                service.once(request("k", "c")));
        assertThat(results.stream().map(BatchedServiceTest::answer)).containsExactly("A", "B", "C");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(tookMs).isBetween(140L, 5_000L);
        assertThat(engine.batches).containsExactly(List.of("k:a", "k:b", "k:c"));
        assertThat(results.getFirst().join().queued()).isGreaterThanOrEqualTo(Duration.ofMillis(140));
        blocker.countDown();
    }

    @Test
    void aPreferredSizeGoesWithoutWaitingOutTheDelay() throws Exception {
        UpperBatchEngine engine = new UpperBatchEngine();
        start(engine, 2, new BatchConfig(8, Duration.ofSeconds(30), List.of(2), 100, Duration.ofSeconds(60)));
        CountDownLatch blocker = busyOtherInstance(engine);

        List<CompletableFuture<OnceResult>> results = List.of(service.once(request("k", "a")), service.once(request("k", "b")));

        assertThat(results.stream().map(r -> r.orTimeout(10, TimeUnit.SECONDS)).map(BatchedServiceTest::answer))
                .containsExactly("A", "B");
        assertThat(engine.batches).containsExactly(List.of("k:a", "k:b"));
        blocker.countDown();
    }

    /** One caller at a time never waits for partners nobody sends: the 10 s delay is not spent, with one instance or two. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aLoneRequestOnAnIdleServiceGoesAtOnceWhateverTheDelay(int licence) {
        UpperBatchEngine engine = new UpperBatchEngine();
        start(engine, licence, new BatchConfig(8, Duration.ofSeconds(10), List.of(), 100, Duration.ofSeconds(30)));
        for (int i = 0; i < 20; i++) {
            OnceResult result = service.once(request("k", "r" + i)).orTimeout(5, TimeUnit.SECONDS).join();

            assertThat(result.outputs().getFirst().asText()).isEqualTo("R" + i);
            assertThat(result.queued()).isLessThan(Duration.ofSeconds(1));
        }
        assertThat(engine.batches).hasSize(20).allSatisfy(batch -> assertThat(batch).hasSize(1));
    }

    /** A batch filling on the free instance stops waiting as soon as the batch on the other one ends. */
    @Test
    void aFillingBatchGoesWhenTheOtherInstanceFrees() throws Exception {
        UpperBatchEngine engine = new UpperBatchEngine();
        start(engine, 2, new BatchConfig(8, Duration.ofSeconds(30), List.of(), 100, Duration.ofSeconds(60)));
        CountDownLatch blocker = busyOtherInstance(engine);
        List<CompletableFuture<OnceResult>> results = List.of(service.once(request("k", "a")), service.once(request("k", "b")));
        Thread.sleep(100);
        assertThat(results).noneMatch(CompletableFuture::isDone);

        blocker.countDown();

        assertThat(results.stream().map(r -> r.orTimeout(10, TimeUnit.SECONDS)).map(BatchedServiceTest::answer))
                .containsExactly("A", "B");
        assertThat(engine.batches).containsExactly(List.of("k:blocker"), List.of("k:a", "k:b"));
    }

    /**
     * 64 callers in a closed loop on an engine whose call costs 5 ms for one request or a batch,
     * with a delay longer than the whole test: batches still form (from what queues while the
     * instances are busy), every caller gets its own answer, and no batch waits out the delay.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void underLoadBatchesFormAndEachAnswerIsItsOwn(int licence) throws Exception {
        UpperBatchEngine engine = new UpperBatchEngine();
        engine.callMillis = 5;
        start(engine, licence, new BatchConfig(16, Duration.ofSeconds(60), List.of(), 1000, Duration.ofSeconds(120)));
        int callers = 64;
        int rounds = 10;
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < callers; c++) {
                String caller = "c" + c;
                loops.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < rounds; i++) {
                        String text = caller + "r" + i;
                        assertThat(answer(service.once(request("k", text)))).isEqualTo(text.toUpperCase(Locale.ROOT));
                    }
                }, threads));
            }
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        assertThat(engine.batches.stream().mapToInt(List::size).sum()).isEqualTo(callers * rounds);
        assertThat(engine.batches.stream().mapToInt(List::size).max().orElse(0)).isGreaterThan(1);
        assertThat(engine.batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 16));
        assertThat(engine.mostAtOnce.get()).isLessThanOrEqualTo(licence);
    }

    @Test
    void aFullQueueAnswers10110AtOnceAndAStaleRequest10102() throws Exception {
        UpperBatchEngine engine = new UpperBatchEngine();
        start(engine, 1, new BatchConfig(4, Duration.ZERO, List.of(), 2, Duration.ofMillis(300)));
        CompletableFuture<OnceResult> first = holdTheInstance(engine, "first");
        CompletableFuture<OnceResult> second = service.once(request("k", "second"));
        CompletableFuture<OnceResult> third = service.once(request("k", "third"));

        AigesException full = failure(service.once(request("k", "fourth")));
        assertThat(full.error()).isEqualTo(AigesError.LIC_NOT_ENOUGH);
        assertThat(full.getMessage()).contains("2 requests already waiting for a batch");

        AigesException stale = failure(second);
        assertThat(stale.code()).isEqualTo(10102);
        assertThat(stale.getMessage()).contains("no batch started within 300 ms");
        assertThat(failure(third).code()).isEqualTo(10102);
        engine.gate.countDown();
        assertThat(answer(first)).isEqualTo("FIRST");
        assertThat(answer(service.once(request("k", "after")))).isEqualTo("AFTER");
    }

    @Test
    void aRequestTheEngineRefusesFailsAloneAndABrokenCallFailsItsWholeBatch() throws Exception {
        UpperBatchEngine engine = new UpperBatchEngine();
        start(engine, 1, new BatchConfig(8, Duration.ZERO, List.of(), 100, Duration.ofSeconds(10)));
        CompletableFuture<OnceResult> blocker = holdTheInstance(engine, "blocker");
        List<CompletableFuture<OnceResult>> mixed = List.of(service.once(request("k", "ok")),
                service.once(request("k", "fail")), service.once(request("k", "fine")));
        engine.gate.countDown();
        answer(blocker);

        assertThat(answer(mixed.get(0))).isEqualTo("OK");
        AigesException refused = failure(mixed.get(1));
        assertThat(refused.error()).isEqualTo(AigesError.INVALID_DATA);
        assertThat(refused.getMessage()).isEqualTo("cannot read 'fail'");
        assertThat(answer(mixed.get(2))).isEqualTo("FINE");

        CompletableFuture<OnceResult> blocker2 = holdTheInstance(engine, "blocker");
        List<CompletableFuture<OnceResult>> broken = List.of(service.once(request("k", "one")), service.once(request("k", "boom")));
        engine.gate.countDown();
        answer(blocker2);
        for (CompletableFuture<OnceResult> r : broken) {
            AigesException e = failure(r);
            assertThat(e.error()).isEqualTo(AigesError.WRAPPER_EXEC);
            assertThat(e.getMessage()).isEqualTo("the accelerator fell over;code=4242");
        }
    }

    @Test
    void aBatchPastTheRequestTimeoutFails10102AndItsInstanceIsReplaced() throws Exception {
        UpperBatchEngine engine = new UpperBatchEngine();
        start(engine, 2, new BatchConfig(8, Duration.ofMillis(20), List.of(), 100, Duration.ofSeconds(10)), Duration.ofMillis(200));
        CountDownLatch blocker = busyOtherInstance(engine);
        engine.callMillis = 2_000;
        List<CompletableFuture<OnceResult>> slow = List.of(service.once(request("k", "a")), service.once(request("k", "b")));
        for (CompletableFuture<OnceResult> r : slow) {
            AigesException e = failure(r);
            assertThat(e.code()).isEqualTo(10102);
            assertThat(e.getMessage()).contains("did not answer a batch of 2 within 200 ms");
        }
        engine.callMillis = 0;
        blocker.countDown();
        assertThat(answer(service.once(request("k", "again")))).isEqualTo("AGAIN");
    }

    @Test
    void requestsWithoutAKeyAndServicesWithBatchingOffRunAlone() {
        UpperBatchEngine engine = new UpperBatchEngine();
        start(engine, 2, BatchConfig.OFF);
        assertThat(service.batching()).isFalse();
        assertThat(answer(service.once(request("k", "x")))).isEqualTo("X");
        assertThat(service.batchesRun()).isZero();
        service.close();

        start(engine, 2, new BatchConfig(4, Duration.ZERO, List.of(), 10, Duration.ofSeconds(1)));
        OnceRequest twoItems = new OnceRequest("sid", Map.of(), Params.EMPTY,
                List.of(DataItem.text("a", "y"), DataItem.text("b", "z")), List.of());
        assertThat(answer(service.once(twoItems))).isEqualTo("Y");
        assertThat(service.batchesRun()).isZero();
    }

    @Test
    void closingRefusesWaitingRequestsWithShuttingDown() throws Exception {
        UpperBatchEngine engine = new UpperBatchEngine();
        start(engine, 1, new BatchConfig(4, Duration.ZERO, List.of(), 10, Duration.ofSeconds(10)));
        CompletableFuture<OnceResult> running = holdTheInstance(engine, "running");
        CompletableFuture<OnceResult> waiting = service.once(request("k", "waiting"));

        service.close();
        engine.gate.countDown();

        assertThat(failure(waiting).error()).isEqualTo(AigesError.SHUTTING_DOWN);
        assertThat(running).failsWithin(Duration.ofSeconds(10));
        service = null;
    }

    /**
     * Keeps one instance busy with a batch ({@code k:blocker}) until the returned latch is
     * counted down; later engine calls pass freely. With the other instance busy, a batch may
     * wait for partners on the free one.
     */
    private CountDownLatch busyOtherInstance(UpperBatchEngine engine) throws InterruptedException {
        holdTheInstance(engine, "blocker");
        CountDownLatch blocker = engine.gate;
        engine.gate = new CountDownLatch(0);
        return blocker;
    }

    /** Sends a request that holds the service's only instance until the engine's gate opens. */
    private CompletableFuture<OnceResult> holdTheInstance(UpperBatchEngine engine, String text) throws InterruptedException {
        engine.gate = new CountDownLatch(1);
        CompletableFuture<OnceResult> holder = service.once(request("k", text));
        awaitRunning(engine);
        return holder;
    }

    private static void awaitRunning(UpperBatchEngine engine) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.running.get() == 0 && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        assertThat(engine.running.get()).isPositive();
    }
}
