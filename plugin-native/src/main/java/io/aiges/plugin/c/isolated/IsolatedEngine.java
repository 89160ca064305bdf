package io.aiges.plugin.c.isolated;

import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.DataItem;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A C engine run in a child process ({@code [engine] isolate = true}), so that a segfault or
 * abort in engine code costs only the requests in flight, not the server. There is one child;
 * every licence's {@link IsolatedInstance} sends its calls there. When the child dies, its calls
 * fail with 10109, as do later calls of sessions opened on it, and a new child is started at once (wrapperInit runs again in it); a child
 * that dies while starting is retried a few times with growing pauses, then given up on.
 */
public final class IsolatedEngine implements Engine {
    /** The loader option that selects this mode. */
    public static final String ISOLATE = "isolate";
    private static final Logger log = LoggerFactory.getLogger(IsolatedEngine.class);
    /** The original's WrapperInitErr: a child that keeps dying in start-up never initialised the engine. */
    private static final int INIT_FAILED = 10901;
    /** The original's WrapperLoadErr: no child JVM could be started at all. */
    private static final int LOAD_FAILED = 10903;
    private static final int START_ATTEMPTS = 3;
    private static final long FIRST_PAUSE_MS = 200;
    /** The original's OnceTimeout: the caller gave up (its thread was interrupted). */
    private static final int ABANDONED = 10102;

    private final EngineSpec spec;
    private final ServiceSchema schema;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger restarts = new AtomicInteger();
    /** Guarded by lock. */
    private EngineChild child;
    /** Written under lock; read without it by a restart that may come too late. */
    private volatile boolean closed;
    /** The first child's wrapperVersion. */
    private volatile String version;
    /** Whether the first child's library exports wrapperExecBatch. */
    private volatile boolean batches;

    private IsolatedEngine(EngineSpec spec, ServiceSchema schema) {
        this.spec = spec;
        this.schema = schema;
    }

    /**
     * Starts the child and opens the engine in it; fails as opening in-process would (10903, 10901).
     * {@code schema} is what the configuration declares for the engine.
     */
    public static IsolatedEngine open(EngineSpec spec, ServiceSchema schema) throws WrapperException {
        IsolatedEngine engine = new IsolatedEngine(spec, schema);
        engine.live();
        return engine;
    }

    @Override
    public Wrapper newInstance() {
        return new IsolatedInstance(this);
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public ServiceSchema schema() {
        return schema;
    }

    /** How often a dead child has been replaced. */
    @Override
    public long restarts() {
        return restarts.get();
    }

    /** The current child's pid, for tests that watch the process. */
    long childPid() throws WrapperException {
        return live().pid();
    }

    /** Calls in flight on the current child, for tests that need calls to have reached it. */
    int inFlight() throws WrapperException {
        return live().inFlight();
    }

    List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
        return live().once(params, inputs);
    }

    /** True when the library exports wrapperExecBatch: then {@link #onceBatch} runs batches in the child. */
    public boolean batches() {
        return batches;
    }

    /** One batch in the child's wrapperExecBatch; the whole call's failure, or 10109 when the child dies meanwhile. */
    public List<BatchOutcome> onceBatch(List<BatchItem> batch) throws WrapperException {
        return live().onceBatch(batch);
    }

    WrapperSession createSession(Params params) throws WrapperException {
        return live().createSession(params);
    }

    @Override
    public void close() {
        EngineChild last;
        lock.lock();
        try {
            closed = true;
            last = child;
            child = null;
        } finally {
            lock.unlock();
        }
        if (last != null) {
            last.close();
        }
    }

    /** The running child, started first if there is none or it died. */
    private EngineChild live() throws WrapperException {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw abandoned();
        }
        try {
            if (closed) {
                throw new WrapperException(EngineChild.CRASHED, "native engine " + spec.service() + " is closed");
            }
            if (child == null || !child.alive()) {
                boolean restart = child != null;
                child = startWithRetries();
                if (restart) {
                    log.warn("engine {}: isolated engine child restarted as {} (restart #{})", spec.service(),
                            child.pid(), restarts.incrementAndGet());
                }
            }
            return child;
        } finally {
            lock.unlock();
        }
    }

    private EngineChild startWithRetries() throws WrapperException {
        String lastDeath = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            EngineChild started;
            try {
                if (attempt > 1) {
                    Thread.sleep(FIRST_PAUSE_MS << (attempt - 2));
                }
                started = EngineChild.start(spec, this::onCrash);
            } catch (IOException e) {
                throw new WrapperException(LOAD_FAILED, "cannot start the child JVM of isolated engine "
                        + spec.service() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw abandoned();
            }
            try {
                EngineChild.Ready opened = started.awaitReady();
                if (version == null) {
                    version = opened.version();
                    batches = opened.batches();
                }
                return started;
            } catch (WrapperException e) {
                started.close();
                if (e.code() != EngineChild.CRASHED) {
                    throw e; // the engine itself refused to open: starting again would not help
                }
                lastDeath = e.getMessage();
                log.warn("engine {}: isolated engine child died during start-up (attempt {} of {}): {}",
                        spec.service(), attempt, START_ATTEMPTS, lastDeath);
            } catch (InterruptedException e) {
                started.close();
                Thread.currentThread().interrupt();
                throw abandoned();
            }
        }
        throw new WrapperException(INIT_FAILED, "isolated engine " + spec.service() + " died during start-up "
                + START_ATTEMPTS + " times, giving up; last: " + lastDeath);
    }

    /**
     * A ready child died (called on its reader thread once its calls have failed). A short-lived
     * thread starts the replacement now, so the next request need not pay for the JVM start.
     */
    private void onCrash(EngineChild dead) {
        log.error("engine {}: {}", spec.service(), dead.death());
        Thread.ofPlatform().daemon().name(spec.service() + "-engine-restart").start(() -> {
            try {
                live();
            } catch (WrapperException e) {
                if (closed) {
                    return; // closed meanwhile: no child wanted
                }
                log.error("engine {}: restarting the isolated engine child failed: {}", spec.service(), e.getMessage());
            }
        });
    }

    private WrapperException abandoned() {
        return new WrapperException(ABANDONED, "request abandoned (interrupted) while waiting for isolated engine "
                + spec.service());
    }
}
