package io.aiges.bench;

import io.aiges.api.DataItem;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.engine.config.BatchConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.service.EngineForms;
import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the batcher is for, without HTTP or a model in the way: {@link Service#once} driven in a
 * closed loop at several concurrencies against the {@link FixedCostForm} engine, whose call costs
 * the same for one request or a batch, with batching off, on with a 2 ms delay, and on with none
 * ({@code on-0}), side by side.
 *
 * <pre>{@code java -cp ... io.aiges.bench.BatchingCoreLoad COST_US LICENCE SECONDS [CONCURRENCY...]}</pre>
 */
public final class BatchingCoreLoad {
    private BatchingCoreLoad() {
    }

    public static void main(String[] args) throws Exception {
        long costMicros = Long.parseLong(args[0]);
        int licence = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        int[] concurrencies = args.length > 3 ? Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 8, 64};
        EngineSpec spec = new EngineSpec("svc", FixedCostForm.NAME, Long.toString(costMicros), null, Map.of(), Path.of("."));
        ServiceConfig plain = new ServiceConfig("svc", spec, new PoolConfig(licence, 10_000, Duration.ofSeconds(30)),
                Duration.ofSeconds(30));
        BatchConfig batching = new BatchConfig(32, Duration.ofMillis(2), List.of(), 10_000, Duration.ofSeconds(30));
        BatchConfig noDelay = new BatchConfig(32, Duration.ZERO, List.of(), 10_000, Duration.ofSeconds(30));
        System.out.printf(Locale.ROOT, "Service.once in-process, engine call %d us for 1 or a batch, licence %d, %d s per run;"
                + " batching: maxBatchSize 32, maxBatchDelay 2ms (on) or 0 (on-0)%n", costMicros, licence, seconds);
        System.out.printf(Locale.ROOT, "%-9s %5s %10s %8s %8s%n", "batching", "conc", "req/s", "p50 ms", "p99 ms");
        try (ServiceRegistry off = ServiceRegistry.open(List.of(plain), EngineForms.onClassPath());
             ServiceRegistry on = ServiceRegistry.open(List.of(plain.withBatching(batching)), EngineForms.onClassPath());
             ServiceRegistry on0 = ServiceRegistry.open(List.of(plain.withBatching(noDelay)), EngineForms.onClassPath())) {
            for (int c : concurrencies) {
                run("off", off.get("svc"), c, 1);
                run("on", on.get("svc"), c, 1);
                run("on-0", on0.get("svc"), c, 1);
                run("off", off.get("svc"), c, seconds);
                run("on", on.get("svc"), c, seconds);
                run("on-0", on0.get("svc"), c, seconds);
            }
        }
    }

    /** A closed loop of {@code concurrency} callers for {@code seconds}; the 1-second runs are warm-up and not printed. */
    private static void run(String label, Service service, int concurrency, long seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> callers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                callers.add(threads.submit(() -> {
                    long[] latencies = new long[4096];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        long started = System.nanoTime();
                        service.once(new OnceRequest("b", Map.of(), Params.EMPTY, List.of(DataItem.text("x", "1")), List.of()))
                                .join();
                        latencies[n++] = System.nanoTime() - started;
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> caller : callers) {
                all.add(caller.get());
            }
            if (seconds > 1) {
                long[] sorted = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
                System.out.printf(Locale.ROOT, "%-9s %5d %10.0f %8.2f %8.2f%n", label, concurrency, sorted.length / (double) seconds,
                        sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
            }
        }
    }
}
