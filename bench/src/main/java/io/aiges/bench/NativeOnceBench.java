package io.aiges.bench;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.plugin.c.CForm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a one-shot call through FFM costs on top of the C engine itself: aiges's
 * {@code CInstance.once} (build the ParamList and DataList in native memory, wrapperExec, copy the
 * answer out, wrapperExecFree) next to a C program calling the same two functions in a loop on
 * the same request. Both use the echo engine of plugin-native's tests, compiled here with gcc.
 * The C figure is printed by the setup; the JMH score is the average time per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class NativeOnceBench {
    private static final Path REPO = Path.of(System.getProperty("aiges.fixtures", "fixtures")).toAbsolutePath().getParent();

    private Path dir;
    private Engine engine;
    private Wrapper instance;
    private final Params params = new Params(Map.of("sid", "bench"));
    private List<DataItem> inputs;

    @Setup(Level.Trial)
    public void build() throws Exception {
        dir = Files.createTempDirectory("aiges-native-bench");
        Path library = dir.resolve("libecho.so");
        run("gcc", "-shared", "-fPIC", "-O2", "-I", REPO.resolve("include").toString(), "-o", library.toString(),
                REPO.resolve("plugin-native/src/test/c/echo_engine.c").toString());
        Path loop = dir.resolve("exec_loop");
        run("gcc", "-O2", "-I", REPO.resolve("include").toString(), "-o", loop.toString(),
                REPO.resolve("bench/src/main/c/exec_loop.c").toString(), "-ldl");
        String cNanos = run(loop.toString(), library.toString(), "2000000").strip();
        System.out.println();
        System.out.println("C loop, same engine and request: " + cNanos + " ns per wrapperExec + wrapperExecFree");

        byte[] data = new byte[64];
        Arrays.fill(data, (byte) 'a');
        inputs = List.of(DataItem.of("in", data, DataType.TEXT));
        engine = new CForm().open(new EngineSpec("bench", "c", library.toString(), null, Map.of(), dir));
        instance = engine.newInstance();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        engine.close();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public List<DataItem> onceThroughFfm() throws Exception {
        return instance.once(params, inputs);
    }
}
