package io.aiges.plugin.c;

import io.aiges.api.DataItem;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code asyncMode}: wrapperExecAsync, and results arriving on the engine's own threads through
 * the callback, each to the request it belongs to.
 */
class AsyncOnceTest {
    private static final long SEED = 8L;

    @TempDir
    static Path dir;
    static Path library;
    static Engine engine;
    static AsyncOnce calls;

    @BeforeAll
    static void open() throws Exception {
        library = Gcc.sharedLibrary("async_engine", dir);
        engine = new CForm().open(new EngineSpec("async", "c", library.toString(), null, Map.of(), dir,
                Map.of("asyncMode", "true")));
        calls = (AsyncOnce) ((CEngine) engine).onceCall();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void concurrentRequestsEachGetTheirOwnAnswer() throws Exception {
        Random random = new Random(SEED);
        long delivered = Gcc.counter(library, "test_delivered");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 10; round++) {
                List<Future<String>> answers = new ArrayList<>();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String sid = "r" + round + "-" + i;
                    String payload = "payload-" + random.nextLong();
                    int delayMs = random.nextInt(40);
                    Wrapper wrapper = engine.newInstance();
                    expected.add(sid + "|" + payload);
                    answers.add(threads.submit(() -> wrapper.once(
                            new Params(Map.of("sid", sid, "delay_ms", Integer.toString(delayMs))),
                            List.of(DataItem.text("text", payload))).getFirst().asText()));
                }
                for (int i = 0; i < 8; i++) {
                    assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).as("round %d request %d", round, i)
                            .isEqualTo(expected.get(i));
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(Gcc.counter(library, "test_delivered") - delivered).isEqualTo(80);
        assertThat(calls.waiting()).isZero();
    }

    @Test
    void aFailedCallbackCarriesTheEngineCodeAndText() {
        WrapperException e = catchThrowableOfType(WrapperException.class, () -> engine.newInstance()
                .once(new Params(Map.of("sid", "failing", "fail", "4242")), List.of(DataItem.text("t", "x"))));

        assertThat(e.code()).isEqualTo(4242);
        assertThat(e.getMessage()).isEqualTo("async engine failed on purpose");
    }

    @Test
    void aSidAlreadyWaitingIsRefused() throws Exception {
        Params slow = new Params(Map.of("sid", "twice", "delay_ms", "200"));
        CompletableFuture<List<DataItem>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return engine.newInstance().once(slow, List.of(DataItem.text("t", "x")));
            } catch (WrapperException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitTrue(() -> calls.waiting() == 1);

        WrapperException e = catchThrowableOfType(WrapperException.class,
                () -> engine.newInstance().once(slow, List.of(DataItem.text("t", "y"))));

        assertThat(e.code()).isEqualTo(10105);
        assertThat(first.get(5, TimeUnit.SECONDS).getFirst().asText()).isEqualTo("twice|x");
    }

    @Test
    void aLateCallbackForAnAbandonedRequestIsRefusedAndItsTagFreed() throws Exception {
        long rejected = Gcc.counter(library, "test_rejected");
        long finished = Gcc.counter(library, "test_finished");
        int abandonedBefore = calls.abandonedTags();

        WrapperException e = interruptedWhileWaiting(Map.of("sid", "abandoned", "delay_ms", "300"));

        assertThat(e.code()).isEqualTo(10102);
        assertThat(calls.waiting()).as("the registry slot is freed at once").isZero();
        assertThat(calls.abandonedTags()).as("the tag stays valid for the late callback").isEqualTo(abandonedBefore + 1);
        awaitTrue(() -> Gcc.counter(library, "test_finished") > finished);
        assertThat(Gcc.counter(library, "test_rejected") - rejected).isEqualTo(1);
        assertThat(calls.abandonedTags()).isEqualTo(abandonedBefore);
        assertThat(engine.newInstance().once(new Params(Map.of("sid", "abandoned")), List.of(DataItem.text("t", "again")))
                .getFirst().asText()).as("the sid can be used again").isEqualTo("abandoned|again");
    }

    @Test
    void anEngineThatNeverCallsBackEndsWithAnErrorWhenTheWaitIsInterrupted() throws Exception {
        WrapperException e = interruptedWhileWaiting(Map.of("sid", "silent", "never", "1"));

        assertThat(e.code()).isEqualTo(10102);
        assertThat(e.getMessage()).contains("silent");
        assertThat(calls.waiting()).isZero();
    }

    @Test
    void anEngineThatHasNeverCalledBackGetsAHintNamingAsyncMode() {
        AsyncOnce fresh = new AsyncOnce(((CEngine) engine).functions());
        assertThat(fresh.silenceHint()).contains("never called back").contains("[aiges] asyncMode = false");
    }

    @Test
    void anEngineThatCallsBackGetsNoHint() throws Exception {
        // Once the engine has answered through its callback, a timeout is only a slow request.
        engine.newInstance().once(new Params(Map.of("sid", "answered")), List.of(DataItem.text("t", "x")));
        assertThat(calls.silenceHint()).isNull();
    }

    /** Runs a request on a thread of its own and interrupts it while it waits, as the request timeout does. */
    private static WrapperException interruptedWhileWaiting(Map<String, String> params) throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                engine.newInstance().once(new Params(params), List.of(DataItem.text("t", "x")));
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        awaitTrue(() -> calls.waiting() == 1);
        caller.interrupt();
        Throwable thrown = failure.get(5, TimeUnit.SECONDS);
        caller.join(Duration.ofSeconds(5));
        assertThat(thrown).isInstanceOf(WrapperException.class);
        return (WrapperException) thrown;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 5 s");
            }
            Thread.sleep(5);
        }
    }
}
