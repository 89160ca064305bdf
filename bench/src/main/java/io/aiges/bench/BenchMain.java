package io.aiges.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the benchmarks (all, or those matching the arguments) with settings short enough for a
 * 2-core machine, then prints each pair's ratio, so every claim compares numbers from one run.
 */
public final class BenchMain {
    /** Benchmark pairs: what aiges does, and the baseline it is compared with. */
    private static final Map<String, String> PAIRS = Map.of(
            "MnistBench.pipeline", "MnistBench.inferenceOnly");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(1)
                .warmupIterations(2).warmupTime(TimeValue.seconds(3))
                .measurementIterations(3).measurementTime(TimeValue.seconds(4))
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "-Xmx1g",
                        "-Daiges.fixtures=" + System.getProperty("aiges.fixtures", "fixtures"))
                .shouldFailOnError(true);
        if (args.length == 0) {
            options.include("io\\.aiges\\.bench\\..*");
        }
        for (String pattern : args) {
            options.include(pattern);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Double> score = new LinkedHashMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark().replaceFirst("^.*\\.(\\w+\\.\\w+)$", "$1");
            score.put(label, r.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("Ratios (same run):");
        PAIRS.forEach((ours, baseline) -> {
            if (score.containsKey(ours) && score.containsKey(baseline)) {
                System.out.printf(Locale.ROOT, "  %-28s %10.0f ops/s  vs  %-30s %10.0f ops/s  = %.2f%n",
                        ours, score.get(ours), baseline, score.get(baseline), score.get(ours) / score.get(baseline));
            }
        });
    }
}
