package io.aiges.bench;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.plugin.onnx.OnnxForm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The baseline for the served MNIST demo: the demo engine itself (decode the seed PNG, find and
 * centre the digit, run ONNX Runtime) called in-process from {@code THREADS} threads, one
 * instance each, with no HTTP, JSON or base64. Prints answers a second and the latency of a call.
 *
 * <pre>{@code java -cp ... io.aiges.bench.DemoInProcess seed.png THREADS SECONDS}</pre>
 */
public final class DemoInProcess {
    private DemoInProcess() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DemoInProcess PICTURE.png THREADS SECONDS");
            System.exit(2);
        }
        List<DataItem> seed = List.of(DataItem.of("img", Files.readAllBytes(Path.of(args[0])), DataType.IMAGE));
        int threads = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        try (Engine demo = new OnnxForm().open(new EngineSpec("demo", "onnx", "builtin:mnist", null, Map.of(), Path.of(".")))) {
            List<Wrapper> instances = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                instances.add(demo.newInstance());
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                run(instances, seed, pool, 2_000_000_000L);
                long start = System.nanoTime();
                long[] all = run(instances, seed, pool, seconds * 1_000_000_000L);
                double elapsed = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "MNIST demo engine in-process, %d threads: %.0f answers/s, call p50 %.2f ms,"
                                + " p99 %.2f ms%n", threads, all.length / elapsed, all[all.length / 2] / 1e6,
                        all[(int) (all.length * 0.99)] / 1e6);
            } finally {
                pool.shutdownNow();
                for (Wrapper instance : instances) {
                    instance.fini();
                }
            }
        }
    }

    /** Every thread calls its own instance until the time is up; returns all call latencies, sorted. */
    private static long[] run(List<Wrapper> instances, List<DataItem> seed, ExecutorService pool, long nanos)
            throws Exception {
        long end = System.nanoTime() + nanos;
        List<Future<long[]>> workers = new ArrayList<>();
        for (Wrapper instance : instances) {
            workers.add(pool.submit(() -> {
                long[] latencies = new long[1 << 20];
                int n = 0;
                while (System.nanoTime() < end && n < latencies.length) {
                    long started = System.nanoTime();
                    instance.once(Params.EMPTY, seed);
                    latencies[n++] = System.nanoTime() - started;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> worker : workers) {
            parts.add(worker.get());
        }
        return parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    }
}
