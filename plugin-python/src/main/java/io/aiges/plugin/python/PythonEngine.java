package io.aiges.plugin.python;

import io.aiges.api.Engine;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A loaded {@code wrapper.py}: each instance is a worker process of its own. */
final class PythonEngine implements Engine {
    private final SdkFolder sdk;
    private final WorkerLauncher launcher;
    private final Map<String, String> config;
    private final WorkerProtocol.Declaration declaration;
    private final AtomicLong restarts = new AtomicLong();

    PythonEngine(SdkFolder sdk, WorkerLauncher launcher, Map<String, String> config,
                 WorkerProtocol.Declaration declaration) {
        this.sdk = sdk;
        this.launcher = launcher;
        this.config = config;
        this.declaration = declaration;
    }

    @Override
    public Wrapper newInstance() throws WrapperException {
        return PythonWrapper.open(launcher, config, this);
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
        launcher.close();
        sdk.close();
    }
}
