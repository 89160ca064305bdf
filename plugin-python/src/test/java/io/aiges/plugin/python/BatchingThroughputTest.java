package io.aiges.plugin.python;

import io.aiges.engine.config.BatchConfig;
import io.aiges.engine.service.EngineForms;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance: a batching wrapper whose call costs 20 ms for one request or for 32
 * serves at least ten times the requests at concurrency 64 with {@code [batching] maxBatchSize =
 * 32} as without, both services started in one run and measured one after the other, each for a
 * fixed window of closed-loop callers. Off is about 50 requests/s per worker, so the 10x margin
 * holds on 2 busy cores; {@code tools/bench-python-batching.sh} runs it for the benchmarks page.
 */
class BatchingThroughputTest {
    private static final int CONCURRENCY = 64;
    private static final int LICENCE = 2;
    private static final Duration WARM_UP = Duration.ofMillis(300);
    private static final Duration WINDOW = Duration.ofMillis(1500);

    @TempDir
    Path dir;

    @Test
    void batchingGivesTenTimesTheThroughputAtConcurrency64() throws Exception {
        Path folder = Wrappers.copy("batching", dir.resolve("batching"));
        Map<String, String> wrapper = Map.of("callMillis", "20");
        try (ServiceRegistry registry = ServiceRegistry.open(List.of(
                BatchingWrapperTest.config("off", folder, wrapper, LICENCE, BatchConfig.OFF),
                BatchingWrapperTest.config("on", folder, wrapper, LICENCE, BatchingWrapperTest.batching(32))),
                EngineForms.onClassPath())) {
            double off = requestsPerSecond(registry.get("off"));
            Service on = registry.get("on");
            long batchesBefore = on.batchesRun();
            long batchedBefore = on.batchedRequests();
            double batched = requestsPerSecond(on);
            double meanBatch = (double) (on.batchedRequests() - batchedBefore) / (on.batchesRun() - batchesBefore);
            double ratio = batched / off;
            System.out.printf(Locale.ROOT, "python batching, call 20 ms for 1 or a batch, licence %d, concurrency %d,"
                    + " %d ms window: off %.0f req/s, on %.0f req/s (mean batch %.1f): on / off = %.1fx%n",
                    LICENCE, CONCURRENCY, WINDOW.toMillis(), off, batched, meanBatch, ratio);
            assertThat(ratio).as("batching on / off at concurrency %d", CONCURRENCY).isGreaterThanOrEqualTo(10);
        }
    }

    /**
     * Requests answered per second by {@link #CONCURRENCY} callers, each sending its next request
     * when its last is answered, counted in the window after a warm-up; every answer is checked
     * against its own request's text.
     */
    private static double requestsPerSecond(Service service) throws Exception {
        long start = System.nanoTime();
        long from = start + WARM_UP.toNanos();
        long until = from + WINDOW.toNanos();
        List<Future<Integer>> callers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CONCURRENCY; c++) {
                int caller = c;
                callers.add(threads.submit(() -> {
                    int counted = 0;
                    for (int n = 0; System.nanoTime() < until; n++) {
                        String text = "caller-" + caller + "-" + n;
                        String answer = service.once(BatchingWrapperTest.request(text)).get(10, TimeUnit.SECONDS)
                                .outputs().getFirst().asText();
                        assertThat(answer).startsWith(new StringBuilder(text).reverse() + " batch=");
                        long now = System.nanoTime();
                        if (now >= from && now < until) {
                            counted++;
                        }
                    }
                    return counted;
                }));
            }
            long total = 0;
            for (Future<Integer> caller : callers) {
                total += caller.get();
            }
            return total / (WINDOW.toNanos() / 1e9);
        }
    }
}
