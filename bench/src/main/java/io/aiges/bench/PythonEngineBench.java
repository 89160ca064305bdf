package io.aiges.bench;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.plugin.python.PythonForm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A trivial {@code wrapper.py} (echo 16 bytes) called through the Python engine by 1, 2 and 4
 * callers at once, each on an instance (a worker process) of its own, next to the same
 * {@code wrapperOnceExec} called in-process in Python. Prints, per worker count, calls per
 * second and the added cost per call.
 *
 * <p>BenchMain runs every benchmark with the same JMH thread count, so the worker count is a
 * parameter: each JMH operation is a round of {@link #CALLS_PER_TASK} calls on every worker, run
 * by {@code workers} caller threads that each hold one instance at a time. The JMH score is
 * therefore rounds per second; the summary line counts calls.
 */
@State(Scope.Benchmark)
@Threads(2)
public class PythonEngineBench {
    private static final int CALLS_PER_TASK = 10;
    private static final String WRAPPER = """
            import time
            from aiges.core.types import *
            from aiges.dto import Response, ResponseData, DataListCls, DataListNode
            from aiges.sdk import WrapperBase, StringBodyField


            class UserRequest(object):
                data = StringBodyField(key="data")


            class UserResponse(object):
                accept1 = StringBodyField(key="data")


            class Wrapper(WrapperBase):
                serviceId = "echo"
                version = "v1"
                requestCls = UserRequest()
                responseCls = UserResponse()

                def wrapperInit(self, config):
                    return 0

                def wrapperOnceExec(self, params, reqData, usrTag="", persId=0):
                    if params.get("ctrl") == "time-in-process":
                        return self.time_in_process(reqData)
                    res = Response()
                    item = ResponseData()
                    item.key = "data"
                    item.type = DataText
                    item.setData(reqData.get("data").data)
                    res.list = [item]
                    return res

                def time_in_process(self, reqData):
                    # The baseline: this very method, called in this interpreter for about a second.
                    params = {"sid": "baseline", "ctrl": "echo"}
                    calls = 0
                    start = time.perf_counter_ns()
                    while time.perf_counter_ns() - start < 1_000_000_000:
                        for _ in range(1000):
                            self.wrapperOnceExec(params, reqData)
                        calls += 1000
                    res = Response()
                    item = ResponseData()
                    item.key = "data"
                    item.setData(str((time.perf_counter_ns() - start) / calls).encode())
                    res.list = [item]
                    return res
            """;

    @Param({"1", "2", "4"})
    public int workers;

    private Path folder;
    private Engine engine;
    private BlockingQueue<Wrapper> instances;
    private ExecutorService callers;
    private List<DataItem> input;
    private double inProcessNanos;

    private final AtomicLong calls = new AtomicLong();
    private long iterationStart;
    private long iterationCalls;
    private boolean measuring;
    private long measuredNanos;
    private long measuredCalls;

    @Setup(Level.Trial)
    public void open() throws Exception {
        folder = Files.createTempDirectory("aiges-python-bench");
        Files.writeString(folder.resolve("wrapper.py"), WRAPPER);
        engine = new PythonForm().open(new EngineSpec("echo", PythonForm.NAME, "wrapper.py", null, Map.of(), folder));
        instances = new ArrayBlockingQueue<>(workers);
        for (int i = 0; i < workers; i++) {
            instances.add(engine.newInstance());
        }
        callers = Executors.newFixedThreadPool(workers);
        input = List.of(DataItem.of("data", "0123456789abcdef".getBytes(), DataType.TEXT));
        Wrapper any = instances.peek();
        String perCall = any.once(new Params(Map.of("sid", "baseline", "ctrl", "time-in-process")), input)
                .getFirst().asText();
        inProcessNanos = Double.parseDouble(perCall);
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        iterationCalls = calls.get();
        iterationStart = System.nanoTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        if (measuring) {
            measuredNanos += System.nanoTime() - iterationStart;
            measuredCalls += calls.get() - iterationCalls;
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        double perSecond = measuredCalls * 1e9 / measuredNanos;
        // One worker serves one call at a time, so each of its calls took workers / perSecond.
        double perCallMicros = workers * 1e6 / perSecond;
        double inProcessMicros = inProcessNanos / 1e3;
        System.out.printf(Locale.ROOT, "%nPythonEngine workers=%d: %.0f calls/s through aiges, %.1f us per call"
                        + " on a worker; in-process wrapperOnceExec %.2f us; added cost %.1f us per call (%.0fx)%n",
                workers, perSecond, perCallMicros, inProcessMicros, perCallMicros - inProcessMicros,
                perCallMicros / inProcessMicros);
        callers.shutdownNow();
        for (Wrapper instance : instances) {
            instance.fini();
        }
        engine.close();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** One round: {@link #CALLS_PER_TASK} calls on every worker, the workers side by side. */
    @Benchmark
    public void round() throws Exception {
        List<Future<?>> tasks = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            tasks.add(callers.submit(this::callSome));
        }
        for (Future<?> task : tasks) {
            task.get();
        }
    }

    private Void callSome() throws Exception {
        Wrapper instance = instances.take();
        try {
            for (int i = 0; i < CALLS_PER_TASK; i++) {
                instance.once(Params.EMPTY, input);
            }
            calls.addAndGet(CALLS_PER_TASK);
            return null;
        } finally {
            instances.put(instance);
        }
    }
}
