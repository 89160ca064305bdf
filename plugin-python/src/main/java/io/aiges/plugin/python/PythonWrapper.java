package io.aiges.plugin.python;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One engine instance: one Python worker process holding one {@code Wrapper()}. When the worker
 * dies or is killed mid-call, that call (or the session on it) fails and the next call or
 * session starts and initialises a new worker, so the instance keeps serving.
 */
class PythonWrapper implements Wrapper {
    private final WorkerLauncher launcher;
    private final Map<String, String> config;
    private final PythonEngine engine;
    /** Replaced from the calling thread; read by fini at shutdown, possibly from another. */
    private volatile Worker worker;
    /** The device its workers see, set once by {@link #open}; restarted workers keep it. */
    private Optional<String> device = Optional.empty();

    PythonWrapper(WorkerLauncher launcher, Map<String, String> config, PythonEngine engine) {
        this.launcher = launcher;
        this.config = config;
        this.engine = engine;
    }

    /** An instance whose worker is started and initialised with the {@code [wrapper]} section. */
    static PythonWrapper open(WorkerLauncher launcher, Map<String, String> config, PythonEngine engine)
            throws WrapperException {
        PythonWrapper wrapper = engine.batches() ? new BatchPythonWrapper(launcher, config, engine)
                : new PythonWrapper(launcher, config, engine);
        PythonEngine.Turn turn = engine.nextTurn();
        wrapper.device = turn.device();
        wrapper.worker = wrapper.startWorker(turn.loaded());
        return wrapper;
    }

    private Worker startWorker() throws WrapperException {
        return startWorker(Optional.empty());
    }

    /** Initialises {@code loaded} (a worker that imported the wrapper already), or a new worker. */
    private Worker startWorker(Optional<Worker> loaded) throws WrapperException {
        Worker started = loaded.isPresent() ? loaded.get() : launcher.start(device);
        try {
            started.startStep(WorkerProtocol.init(config), launcher.limit(), "wrapperInit");
            return started;
        } catch (WrapperException e) {
            started.kill();
            throw e;
        }
    }

    /** The worker to call: the current one, or a new one when it died. */
    Worker liveWorker() throws WrapperException {
        Worker current = worker;
        if (current == null || !current.usable()) {
            current = startWorker();
            worker = current;
            engine.restarted();
        }
        return current;
    }

    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
        return complete(liveWorker().call(WorkerProtocol.once(params, inputs), WorkerProtocol::outputs));
    }

    /** As the original's embedded host: a one-shot answer is complete whatever status the wrapper set. */
    static List<DataItem> complete(List<DataItem> outputs) {
        return outputs.stream().map(item -> item.withStatus(DataStatus.ONCE)).toList();
    }

    /**
     * {@code wrapperCreate(params, sid)} on this instance's worker; the session stays on that
     * worker (the pool lends the instance for the whole session).
     */
    @Override
    public WrapperSession create(Params params) throws WrapperException {
        Worker current = liveWorker();
        return new PythonSession(current, current.call(WorkerProtocol.create(params), WorkerProtocol::handle));
    }

    @Override
    public void fini() {
        Worker current = worker;
        if (current != null) {
            current.finish();
        }
    }

    @Override
    public String version() {
        return engine.version();
    }

    @Override
    public ServiceSchema schema() {
        return engine.schema();
    }

    /** The process id of the current worker, for tests that kill it. */
    long workerPid() {
        return worker.pid();
    }
}
