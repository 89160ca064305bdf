package io.aiges.engine.pool;

import io.aiges.api.Engine;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ReadyWhen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The licence: exactly {@code [fc] max} engine instances, each lent to one request at a time.
 * Requests that find none idle wait in a bounded queue for at most the queue timeout; past
 * either bound they get 10110 ("licence not enough"), which tells a load balancer to retry
 * elsewhere. Waiting never holds a thread: {@link #acquire()} returns a future.
 *
 * <p>Instances are created up front, as the original pre-creates its {@code ServiceInst}s, so a
 * broken engine fails start-up rather than the first request: one after another, or side by side
 * when the engine says its instances may start so ({@link Engine#startsInstancesInParallel()}),
 * bounded by the cores. The constructor returns once all are up, or with {@code [fc] readyWhen =
 * "first"} once the first is, the others joining as they come (see {@link InstanceStarts}).
 */
public final class InstancePool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstancePool.class);

    private final String service;
    private final Engine engine;
    private final PoolConfig config;
    private final ScheduledExecutorService timer;
    /** Every instance alive: lent or idle; replacements join it, retired ones leave it. */
    private final List<Wrapper> all = new ArrayList<>();
    /** Set last in the constructor: its threads hand instances to the pool, which must be whole by then. */
    private final InstanceStarts starts;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Wrapper> idle = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Lease>> waiters = new ArrayDeque<>();
    private boolean closed;

    public InstancePool(String service, Engine engine, PoolConfig config, ScheduledExecutorService timer) {
        this.service = service;
        this.engine = engine;
        this.config = config;
        this.timer = timer;
        int parallelism = engine.startsInstancesInParallel()
                ? Math.min(config.licence(), Runtime.getRuntime().availableProcessors()) : 1;
        this.starts = new InstanceStarts(service, engine, config.licence(), parallelism, this::join);
        try {
            starts.awaitUp(config.readyWhen() == ReadyWhen.FIRST ? 1 : config.licence());
        } catch (AigesException e) {
            close();
            throw e;
        }
    }

    /** A newly started instance joins the pool: it is lent at once to a waiting request, or idles. */
    private void join(Wrapper started) {
        boolean kept;
        lock.lock();
        try {
            kept = !closed;
            if (kept) {
                all.add(started);
            }
        } finally {
            lock.unlock();
        }
        if (!kept) {
            finiQuietly(started);
            return;
        }
        release(started);
    }

    /**
     * A lease on an idle instance, now or when one frees up. Fails with 10110 when the wait
     * queue is full or the wait exceeds the queue timeout.
     */
    public CompletableFuture<Lease> acquire() {
        CompletableFuture<Lease> waiter;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(AigesError.SHUTTING_DOWN.exception(
                        "service " + service + " is shutting down"));
            }
            Wrapper free = idle.poll();
            if (free != null) {
                return CompletableFuture.completedFuture(new Lease(this, free));
            }
            if (waiters.size() >= config.queueSize()) {
                return CompletableFuture.failedFuture(AigesError.LIC_NOT_ENOUGH.exception(
                        "service " + service + ": all " + config.licence() + " instances busy and "
                                + config.queueSize() + " requests already waiting; retry later"));
            }
            waiter = new CompletableFuture<>();
            waiters.add(waiter);
        } finally {
            lock.unlock();
        }
        ScheduledFuture<?> expiry = timer.schedule(() -> expire(waiter),
                config.queueTimeout().toMillis(), TimeUnit.MILLISECONDS);
        waiter.whenComplete((lease, error) -> expiry.cancel(false));
        return waiter;
    }

    private void expire(CompletableFuture<Lease> waiter) {
        lock.lock();
        try {
            waiters.remove(waiter);
        } finally {
            lock.unlock();
        }
        waiter.completeExceptionally(AigesError.LIC_NOT_ENOUGH.exception("service " + service
                + ": no instance free within " + config.queueTimeout().toMillis() + " ms (licence "
                + config.licence() + "); retry later"));
    }

    /** Hands the instance to the longest waiting request, or back to the idle set. */
    void release(Wrapper wrapper) {
        while (true) {
            CompletableFuture<Lease> next;
            lock.lock();
            try {
                next = waiters.poll();
                if (next == null) {
                    idle.push(wrapper);
                    return;
                }
            } finally {
                lock.unlock();
            }
            // Completed outside the lock: the waiter's continuation runs on this thread.
            if (next.complete(new Lease(this, wrapper))) {
                return;
            }
        }
    }

    /**
     * Retires an instance that cannot be trusted any more (its call timed out, so its state is
     * unknown) and puts a fresh one in its place. Called when the retired instance's call has
     * finally returned, so the two never both hold the licence slot. If no fresh instance can be
     * made, the pool serves with one instance less and says so in the log.
     */
    void replace(Wrapper retired) {
        lock.lock();
        try {
            all.remove(retired);
        } finally {
            lock.unlock();
        }
        finiQuietly(retired);
        // This runs on the thread whose call was interrupted at the timeout; an engine that
        // honours interrupts would refuse to start the replacement, so the flag is cleared.
        Thread.interrupted();
        Wrapper fresh;
        try {
            fresh = engine.newInstance();
        } catch (WrapperException | RuntimeException e) {
            log.error("service {}: could not replace a retired engine instance, serving with one less: {}",
                    service, e.getMessage());
            return;
        }
        lock.lock();
        try {
            if (closed) {
                finiQuietly(fresh);
                return;
            }
            all.add(fresh);
        } finally {
            lock.unlock();
        }
        log.info("service {}: replaced a retired engine instance", service);
        release(fresh);
    }

    /** Instances alive (the licence, less any that could not be replaced). */
    public int size() {
        lock.lock();
        try {
            return all.size();
        } finally {
            lock.unlock();
        }
    }

    public int licence() {
        return config.licence();
    }

    /** Instances not lent out right now. */
    public int idleCount() {
        lock.lock();
        try {
            return idle.size();
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting for an instance right now. */
    public int waitingCount() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses new leases, fails the waiting ones, and gives every instance {@code fini}. Instances
     * still lent out are finished too: by now their callers are gone or timed out.
     */
    @Override
    public void close() {
        // First, so that no instance joins after the others are finished, and none outlives the engine.
        starts.close();
        List<CompletableFuture<Lease>> dropped;
        List<Wrapper> instances;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            dropped = new ArrayList<>(waiters);
            waiters.clear();
            idle.clear();
            instances = List.copyOf(all);
        } finally {
            lock.unlock();
        }
        dropped.forEach(w -> w.completeExceptionally(AigesError.SHUTTING_DOWN.exception(
                "service " + service + " is shutting down")));
        instances.forEach(InstancePool::finiQuietly);
    }

    private static void finiQuietly(Wrapper wrapper) {
        try {
            wrapper.fini();
        } catch (RuntimeException e) {
            log.warn("engine instance fini failed: {}", e.toString());
        }
    }
}
