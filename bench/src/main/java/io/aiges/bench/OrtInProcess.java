package io.aiges.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.aiges.plugin.onnx.OrtSessions;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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
 * The baseline for the batching benchmark: ONNX Runtime called in-process on the seed digit,
 * with the session options aiges serves models with (one intra-op thread per run), from
 * {@code THREADS} threads, {@code BATCH} copies of the picture per run. Prints pictures a second,
 * the latency of a run, and the CPU time per picture (which a busy machine does not inflate).
 *
 * <pre>{@code java -cp ... io.aiges.bench.OrtInProcess mnist.onnx seed.png THREADS BATCH SECONDS}</pre>
 */
public final class OrtInProcess {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private OrtInProcess() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: OrtInProcess MODEL.onnx PICTURE.png THREADS BATCH SECONDS");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        float[] picture = floats(SeedTensorBody.tensor(Files.readAllBytes(Path.of(args[1]))));
        int threads = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        long seconds = Long.parseLong(args[4]);
        float[] input = new float[picture.length * batch];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(picture, 0, input, i * picture.length, picture.length);
        }
        long[] shape = {batch, 1, 28, 28};
        OrtSession session = OrtSessions.open(model);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            run(session, input, shape, pool, threads, 1_000_000_000L);
            long start = System.nanoTime();
            List<long[]> latencies = run(session, input, shape, pool, threads, seconds * 1_000_000_000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            // The last slot of each worker's array is its CPU time: on a shared machine CPU per picture is what stays comparable.
            long cpu = latencies.stream().mapToLong(l -> l[l.length - 1]).sum();
            long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l, 0, l.length - 1)).sorted().toArray();
            System.out.printf(Locale.ROOT, "ONNX Runtime in-process, %d threads, batch %d: %.0f pictures/s, run p50 %.2f ms,"
                            + " p99 %.2f ms, CPU %.0f us per picture%n",
                    threads, batch, all.length * (double) batch / elapsed, all[all.length / 2] / 1e6,
                    all[(int) (all.length * 0.99)] / 1e6, cpu / 1e3 / ((double) all.length * batch));
        } finally {
            pool.shutdownNow();
            OrtSessions.close(session);
        }
    }

    private static List<long[]> run(OrtSession session, float[] input, long[] shape, ExecutorService pool, int threads,
                                    long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        List<Future<long[]>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                long[] latencies = new long[1 << 20];
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                int n = 0;
                while (System.nanoTime() < end && n < latencies.length - 1) {
                    long started = System.nanoTime();
                    try (OnnxTensor tensor = OnnxTensor.createTensor(OrtSessions.environment(), FloatBuffer.wrap(input), shape);
                         OrtSession.Result ignored = session.run(Map.of("input", tensor))) {
                        latencies[n++] = System.nanoTime() - started;
                    }
                }
                latencies[n++] = THREADS.getCurrentThreadCpuTime() - cpuStart;
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> out = new ArrayList<>();
        for (Future<long[]> worker : workers) {
            out.add(worker.get());
        }
        return out;
    }

    private static float[] floats(byte[] bytes) {
        float[] values = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
