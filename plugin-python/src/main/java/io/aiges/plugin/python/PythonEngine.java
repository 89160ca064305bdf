package io.aiges.plugin.python;

import io.aiges.api.Engine;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loaded {@code wrapper.py}: each instance is a worker process of its own. A wrapper that
 * defines {@code wrapperOnceExecBatch} is a {@link BatchPythonEngine}, so only it is batched.
 */
class PythonEngine implements Engine {
    private final SdkFolder sdk;
    private final WorkerLauncher launcher;
    private final Map<String, String> config;
    private final WorkerProtocol.Declaration declaration;
    private final AtomicLong restarts = new AtomicLong();
    private final WorkerDevices devices;
    /** Instances made so far: the next one's turn in the device list. */
    private final AtomicInteger instances = new AtomicInteger();
    /** The worker that read the declaration, loaded and not initialised, until instance 0 adopts it. */
    private final AtomicReference<Worker> probe;

    PythonEngine(SdkFolder sdk, WorkerLauncher launcher, Map<String, String> config,
                 WorkerProtocol.Declaration declaration, WorkerDevices devices, Worker probe) {
        this.probe = new AtomicReference<>(probe);
        this.devices = devices;
        this.sdk = sdk;
        this.launcher = launcher;
        this.config = config;
        this.declaration = declaration;
    }

    /** The engine for what the wrapper declared: a batching one when it defines {@code wrapperOnceExecBatch}. */
    static PythonEngine of(SdkFolder sdk, WorkerLauncher launcher, Map<String, String> config,
                           WorkerProtocol.Declaration declaration, WorkerDevices devices, Worker probe) {
        return declaration.batches() ? new BatchPythonEngine(sdk, launcher, config, declaration, devices, probe)
                : new PythonEngine(sdk, launcher, config, declaration, devices, probe);
    }

    /** Whether its instances answer batches ({@link BatchPythonWrapper}). */
    boolean batches() {
        return declaration.batches();
    }

    @Override
    public Wrapper newInstance() throws WrapperException {
        return PythonWrapper.open(launcher, config, this);
    }

    /** The next instance's turn: its workers' device, and for the first, the probe worker to adopt. */
    Turn nextTurn() {
        int n = instances.getAndIncrement();
        Worker loaded = n == 0 ? probe.getAndSet(null) : null;
        return new Turn(devices.forWorker(n), Optional.ofNullable(loaded).filter(Worker::usable));
    }

    /** An instance's device ({@code [engine] devices}, round-robin) and, for the first, the loaded probe. */
    record Turn(Optional<String> device, Optional<Worker> loaded) {
    }

    /** Each instance is a process of its own that imports the wrapper itself: they may load side by side. */
    @Override
    public boolean startsInstancesInParallel() {
        return true;
    }

    @Override
    public String version() {
        String id = (declaration.serviceId() + " " + declaration.version()).trim();
        return id.isEmpty() ? "python wrapper" : id + " (python)";
    }

    @Override
    public ServiceSchema schema() {
        return declaration.schema();
    }

    /** A worker died and an instance started another. */
    void restarted() {
        restarts.incrementAndGet();
    }

    @Override
    public long restarts() {
        return restarts.get();
    }

    @Override
    public void close() {
        Worker unused = probe.getAndSet(null);
        if (unused != null) {
            unused.dismiss();
        }
        launcher.close();
        sdk.close();
    }
}
