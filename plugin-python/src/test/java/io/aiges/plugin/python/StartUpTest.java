package io.aiges.plugin.python;

import io.aiges.api.DataItem;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ReadyWhen;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.pool.InstancePool;
import io.aiges.engine.service.EngineForms;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * How python workers start: side by side, ready with all or with the first, killed when their
 * import or init hangs, each on its device. The start-up wrapper logs when each import ran.
 */
class StartUpTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final Pattern PID = Pattern.compile("pid (\\d+)");

    @TempDir
    Path dir;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** One import of the wrapper: its process and when it ran, in the machine's monotonic seconds. */
    private record Import(long pid, double start, double end) {
        double seconds() {
            return end - start;
        }
    }

    private Path wrapper(String importSleep, String initSleep) throws IOException {
        Path folder = Wrappers.copy("start-up", dir.resolve("start-up"));
        if (importSleep != null) {
            Files.writeString(folder.resolve("import_sleep"), importSleep);
        }
        if (initSleep != null) {
            Files.writeString(folder.resolve("init_sleep"), initSleep);
        }
        return folder;
    }

    private static List<Import> imports(Path folder) throws IOException {
        Path log = folder.resolve("imports.log");
        List<Import> imports = new ArrayList<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                String[] words = line.split(" ");
                imports.add(new Import(Long.parseLong(words[0]), Double.parseDouble(words[1]), Double.parseDouble(words[2])));
            }
        }
        return imports;
    }

    /** The most imports that ran at one moment. */
    private static int mostAtOnce(List<Import> imports) {
        int most = 0;
        for (Import one : imports) {
            int at = (int) imports.stream().filter(other -> other.start() <= one.start() && one.start() < other.end()).count();
            most = Math.max(most, at);
        }
        return most;
    }

    /** The engine as it is, but saying its instances must start one after another, as before. */
    private static Engine oneByOne(Engine engine) {
        return new Engine() {
            @Override
            public Wrapper newInstance() throws WrapperException {
                return engine.newInstance();
            }

            @Override
            public String version() {
                return engine.version();
            }

            @Override
            public ServiceSchema schema() {
                return engine.schema();
            }

            @Override
            public void close() {
                engine.close();
            }
        };
    }

    private Duration timedPool(Engine engine, Path folder, int licence) throws IOException {
        Files.deleteIfExists(folder.resolve("imports.log"));
        long started = System.nanoTime();
        InstancePool pool = new InstancePool("svc", engine, new PoolConfig(licence, 0, Duration.ZERO), timer);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(pool.size()).isEqualTo(licence);
        pool.close();
        return took;
    }

    @Test
    void fourWorkersImportSideBySideBoundedByTheCores() throws Exception {
        assumeThat(CORES).as("side by side needs two cores").isGreaterThanOrEqualTo(2);
        Path folder = wrapper("1.5", null);
        Engine engine = Wrappers.open(folder, Map.of());
        try {
            engine.newInstance().fini(); // adopts the worker that read the declaration: each pool below imports 4 times
            Duration sequential = timedPool(oneByOne(engine), folder, 4);
            assertThat(mostAtOnce(imports(folder))).isEqualTo(1);
            Duration parallel = timedPool(engine, folder, 4);
            List<Import> imports = imports(folder);
            System.out.printf("4 workers, import 1.5 s, %d cores: one by one %d ms, side by side %d ms%n",
                    CORES, sequential.toMillis(), parallel.toMillis());
            assertThat(imports).hasSize(4);
            // Overlap, read from the workers' own clocks, is what is asserted; the time is a coarse check.
            assertThat(mostAtOnce(imports)).isBetween(2, Math.min(4, CORES));
            assertThat(parallel.toMillis()).isLessThan((long) (0.75 * sequential.toMillis()));
        } finally {
            engine.close();
        }
    }

    private ServiceConfig service(Path folder, int licence, ReadyWhen when, Map<String, String> options) {
        return new ServiceConfig("start-up", new EngineSpec("start-up", "python", "wrapper.py", null, Map.of(), folder,
                options), new PoolConfig(licence, 10, Duration.ofSeconds(10), when), Duration.ofSeconds(10));
    }

    @Test
    void byDefaultTheServiceStartsWithAllItsWorkersUp() throws Exception {
        Path folder = wrapper("0.5", null);
        try (ServiceRegistry registry = ServiceRegistry.open(List.of(service(folder, 3, ReadyWhen.ALL, Map.of())),
                EngineForms.onClassPath())) {
            assertThat(registry.get("start-up").pool().size()).isEqualTo(3);
        }
    }

    @Test
    void readyWhenFirstServesFromTheFirstWorkerAndTheOthersJoinAsTheyCome() throws Exception {
        Path folder = wrapper("1.0", null);
        try (ServiceRegistry registry = ServiceRegistry.open(List.of(service(folder, 4, ReadyWhen.FIRST, Map.of())),
                EngineForms.onClassPath())) {
            Service service = registry.get("start-up");
            assertThat(service.pool().size()).isBetween(1, 3);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (service.pool().size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(service.pool().size()).isEqualTo(4);
        }
    }

    @Test
    void aWrapperWhoseImportHangsFailsStartUpNamingItsFileAndItsWorkerIsKilled() throws Exception {
        Path folder = wrapper("forever", null);
        long started = System.nanoTime();
        assertThatThrownBy(() -> Wrappers.open(folder, Map.of(), Map.of(StartLimit.OPTION, "1000")))
                .isInstanceOfSatisfying(WrapperException.class, e -> {
                    assertThat(e.code()).isEqualTo(PythonErrors.TIMEOUT);
                    assertThat(e.getMessage()).contains(folder.resolve("wrapper.py").toString(),
                            "importing it and constructing Wrapper() did not finish within 1000 ms",
                            "engineStartTimeout", "was killed");
                    assertDead(e.getMessage());
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aWrapperWhoseInitHangsFailsStartUpNamingItsFileAndNoWorkerIsLeft() throws Exception {
        Path folder = wrapper(null, "forever");
        ServiceConfig config = service(folder, 2, ReadyWhen.ALL, Map.of(StartLimit.OPTION, "1000"));
        assertThatThrownBy(() -> ServiceRegistry.open(List.of(config), EngineForms.onClassPath()))
                .isInstanceOfSatisfying(AigesException.class, e -> {
                    assertThat(e.getMessage()).contains("creating engine instance", "of 2 failed",
                            folder.resolve("wrapper.py") + ": wrapperInit did not finish within 1000 ms",
                            ";code=" + PythonErrors.TIMEOUT);
                    assertDead(e.getMessage());
                });
        for (Import started : imports(folder)) {
            ProcessHandle.of(started.pid()).ifPresent(process -> process.onExit().join());
        }
        // Two instances, two imports: the first instance adopted the worker that read the declaration.
        assertThat(imports(folder)).hasSize(2).allSatisfy(started ->
                assertThat(ProcessHandle.of(started.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true)));
    }

    private static void assertDead(String message) {
        Matcher pid = PID.matcher(message);
        assertThat(pid.find()).as("a pid in: " + message).isTrue();
        ProcessHandle.of(Long.parseLong(pid.group(1))).ifPresent(process -> {
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("worker " + pid.group(1) + " still runs", e);
            }
        });
    }

    @Test
    void theWorkerThatReadTheDeclarationBecomesTheFirstInstanceSoNWorkersImportNTimes() throws Exception {
        Path folder = wrapper(null, null);
        Engine engine = Wrappers.open(folder, Map.of());
        List<Wrapper> instances = new ArrayList<>();
        try {
            assertThat(imports(folder)).hasSize(1);
            long probe = imports(folder).getFirst().pid();
            for (int i = 0; i < 3; i++) {
                instances.add(engine.newInstance());
            }
            assertThat(imports(folder)).hasSize(3);
            assertThat(pid(instances.getFirst())).isEqualTo(probe);
        } finally {
            instances.forEach(Wrapper::fini);
            engine.close();
        }
    }

    @Test
    void anEngineClosedBeforeAnyInstanceEndsTheWorkerThatReadTheDeclaration() throws Exception {
        Path folder = wrapper(null, null);
        Wrappers.open(folder, Map.of()).close();
        long probe = imports(folder).getFirst().pid();
        ProcessHandle.of(probe).ifPresent(process -> process.onExit().orTimeout(5, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(probe).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void eachWorkerSeesItsDeviceRoundRobin() throws Exception {
        Path folder = wrapper(null, null);
        Engine engine = Wrappers.open(folder, Map.of(), Map.of(WorkerDevices.OPTION, "0 1"));
        List<Wrapper> instances = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                instances.add(engine.newInstance());
            }
            assertThat(instances.stream().map(StartUpTest::devices).toList()).containsExactly(
                    "\"devices\": \"0\"", "\"devices\": \"1\"", "\"devices\": \"0\"");
        } finally {
            instances.forEach(Wrapper::fini);
            engine.close();
        }
    }

    @Test
    void withoutDevicesTheWorkerKeepsTheLoadersCudaVisibleDevices() throws Exception {
        Path folder = wrapper(null, null);
        Engine engine = Wrappers.open(folder, Map.of());
        try {
            Wrapper instance = engine.newInstance();
            String inherited = System.getenv(WorkerDevices.VARIABLE);
            assertThat(devices(instance)).isEqualTo(inherited == null ? "\"devices\": null"
                    : "\"devices\": \"" + inherited + "\"");
            instance.fini();
        } finally {
            engine.close();
        }
    }

    @Test
    void eachWorkerGetsItsShareOfTheCoresAsComputeThreads() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = cores + 1; // more workers than cores: each still gets one thread
        Engine engine = Wrappers.open(wrapper(null, null), Map.of(), Map.of(WorkerThreads.INSTANCES, Integer.toString(workers)));
        try {
            Wrapper instance = engine.newInstance();
            String inherited = System.getenv("OMP_NUM_THREADS");
            assertThat(threads(instance)).isEqualTo("\"threads\": " + (inherited == null ? "\"1\"" : "\"" + inherited + "\""));
            instance.fini();
        } finally {
            engine.close();
        }
    }

    @Test
    void threadsPerWorkerSetsEveryLibrarysThreadCount() throws Exception {
        Engine engine = Wrappers.open(wrapper(null, null), Map.of(),
                Map.of(WorkerThreads.INSTANCES, "1", WorkerThreads.OPTION, "3"));
        try {
            Wrapper instance = engine.newInstance();
            assertThat(answer(instance)).contains("\"threads\": \"3\"", "\"blas\": \"3\"");
            instance.fini();
        } finally {
            engine.close();
        }
    }

    @Test
    void aThreadCountOutOfRangeFailsTheEngineWithTheKey() throws Exception {
        Path folder = wrapper(null, null);
        for (String bad : List.of("0", "-2", "1025", "many", "1.5")) {
            assertThatThrownBy(() -> Wrappers.open(folder, Map.of(), Map.of(WorkerThreads.OPTION, bad)))
                    .isInstanceOf(WrapperException.class)
                    .hasMessageContaining("[engine] threadsPerWorker = " + bad).hasMessageContaining("1 to 1024");
        }
    }

    /** The worker's pid, from the wrapper's answer. */
    private static long pid(Wrapper instance) {
        String answer = answer(instance);
        int at = answer.indexOf("\"pid\": ") + 7;
        return Long.parseLong(answer.substring(at, answer.indexOf(',', at)));
    }

    /** The {@code "threads": ...} part of the wrapper's answer. */
    private static String threads(Wrapper instance) {
        String answer = answer(instance);
        return answer.substring(answer.indexOf("\"threads\""), answer.indexOf(", \"blas\""));
    }

    /** The {@code "devices": ...} part of the wrapper's answer. */
    private static String devices(Wrapper instance) {
        String answer = answer(instance);
        return answer.substring(answer.indexOf("\"devices\""), answer.length() - 1);
    }

    private static String answer(Wrapper instance) {
        try {
            List<DataItem> outputs = instance.once(new Params(Map.of("sid", "s-1")), List.of());
            return new String(outputs.getFirst().data(), StandardCharsets.UTF_8);
        } catch (WrapperException e) {
            throw new AssertionError(e);
        }
    }
}
