package io.aiges.plugin.python;

import io.aiges.api.WrapperException;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the worker processes of one wrapper: {@code python3 -m aiges._worker} in the wrapper's
 * folder (relative test-data paths in wrappers assume it), with our SDK first on
 * {@code PYTHONPATH}, then the wrapper's folder, then whatever {@code PYTHONPATH} already held.
 *
 * <p>Every process is started from one long-lived thread. Workers ask Linux to kill them when
 * their parent dies ({@code PR_SET_PDEATHSIG}), and Linux counts the <em>thread</em> that
 * started a process as its parent: a worker started from a request thread or a virtual
 * thread's carrier would be killed whenever that thread ends.
 */
final class WorkerLauncher implements AutoCloseable {
    private final List<String> command;
    private final Path wrapperFolder;
    private final Map<String, String> environment;
    private final ExecutorService spawner = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon(true).name("aiges-python-spawner").factory());
    private final AtomicInteger ids = new AtomicInteger();
    /** Workers not yet known to be dead, so that closing the engine leaves no process behind. */
    private final Set<Worker> started = ConcurrentHashMap.newKeySet();
    private final StartLimit limit;

    WorkerLauncher(Path python, Path wrapperFolder, Path sdkFolder, String inheritedPythonPath, StartLimit limit) {
        this(python, wrapperFolder, sdkFolder, inheritedPythonPath, limit, Map.of());
    }

    /** @param extra variables every worker gets on top of the loader's environment ({@link WorkerThreads}) */
    WorkerLauncher(Path python, Path wrapperFolder, Path sdkFolder, String inheritedPythonPath, StartLimit limit,
                   Map<String, String> extra) {
        this.limit = limit;
        this.command = List.of(python.toString(), "-m", "aiges._worker",
                Long.toString(ProcessHandle.current().pid()));
        this.wrapperFolder = wrapperFolder;
        String path = sdkFolder + File.pathSeparator + wrapperFolder
                + (inheritedPythonPath == null || inheritedPythonPath.isBlank() ? ""
                : File.pathSeparator + inheritedPythonPath);
        // PYTHONSAFEPATH keeps the working folder off the front of sys.path, where a vendored copy
        // of the original SDK would shadow ours.
        Map<String, String> environment = new HashMap<>(extra);
        environment.putAll(Map.of("PYTHONPATH", path, "PYTHONSAFEPATH", "1",
                "PYTHONIOENCODING", "utf-8:backslashreplace"));
        this.environment = Map.copyOf(environment);
    }

    /**
     * A started worker whose wrapper imported and constructed; not yet initialised. Only the
     * spawning is handed to the spawner thread: the wait for the import runs on the caller's, so
     * workers started from several threads load side by side.
     *
     * @param device what {@code CUDA_VISIBLE_DEVICES} the worker gets, or empty to inherit it
     */
    Worker start(Optional<String> device) throws WrapperException {
        started.removeIf(worker -> !worker.usable());
        String id = "python-" + ids.incrementAndGet();
        CompletableFuture<Process> spawn = CompletableFuture.supplyAsync(() -> spawn(device), spawner);
        Process process;
        try {
            process = spawn.get();
        } catch (InterruptedException e) {
            spawn.thenAccept(Process::destroyForcibly);
            Thread.currentThread().interrupt();
            throw new WrapperException(PythonErrors.TIMEOUT, "interrupted while starting python worker " + id);
        } catch (ExecutionException e) {
            throw new WrapperException(PythonErrors.LOAD, "cannot start python worker " + id + " ("
                    + String.join(" ", command) + "): " + e.getCause().getMessage(), e.getCause());
        }
        try {
            Worker worker = Worker.attach(id, process, limit);
            started.add(worker);
            return worker;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WrapperException(PythonErrors.TIMEOUT, "interrupted while python worker " + id + " loaded");
        }
    }

    /** How long each step of a worker's start may take. */
    StartLimit limit() {
        return limit;
    }

    private Process spawn(Optional<String> device) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(wrapperFolder.toFile());
        builder.environment().putAll(environment);
        device.ifPresent(visible -> builder.environment().put(WorkerDevices.VARIABLE, visible));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the workers still running and stops the spawner thread. */
    @Override
    public void close() {
        started.forEach(Worker::kill);
        started.clear();
        spawner.shutdownNow();
    }
}
