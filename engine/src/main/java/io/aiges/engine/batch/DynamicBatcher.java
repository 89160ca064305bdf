package io.aiges.engine.batch;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.BatchConfig;
import io.aiges.engine.pool.InstancePool;
import io.aiges.engine.pool.Lease;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A service's dynamic batcher: requests wait in a bounded {@link BatchQueue}; when one is
 * waiting, the batcher asks the pool for an instance (so the licence still bounds the engine
 * calls), forms the next batch by the queue's rule on it, and hands instance and batch to the
 * {@link Runner}, which runs the engine call on the service's own threads. While instances are
 * busy, requests keep arriving, so the busier the service, the fuller its batches.
 *
 * <p>Batching never costs an idle service: the instance in hand waits for partners (up to
 * {@code maxBatchDelay}, or until a preferred size fills) only while every other instance is
 * busy running a batch of this service, and stops waiting as soon as one of those batches ends.
 * Otherwise it takes whatever is waiting at once: at low load a request goes alone, with no
 * delay; under load, batches are what queued while the instances were busy. Triton and DJL
 * Serving wait out the delay even on an idle instance, which is what made a delay cost 2-4x
 * at concurrency 1 (docs/benchmarks.md).
 *
 * <p>No thread waits here: the work happens on whichever thread brings news (a request
 * arriving, an instance coming back, the delay running out on the timer), so a request to an
 * idle service reaches the engine with no more thread hops than without batching. At most one
 * instance is held while a batch fills, and only while requests are waiting. A request that
 * waits longer than {@code queueTimeout} for its batch to start is failed with 10102; one that
 * finds the queue full gets 10110 at once.
 *
 * @param <T> the service's request type
 */
public final class DynamicBatcher<T> implements AutoCloseable {
    /** How long to wait before asking again when the pool refuses to queue us (its [fc] queue is 0 or full). */
    private static final long POOL_RETRY_MICROS = 1000;

    /**
     * Runs one batch on an instance; must close the lease when the engine call has returned,
     * then run {@code finished} (once, also when the batch could not start).
     */
    public interface Runner<T> {
        void run(Lease lease, List<Waiting<T>> batch, Runnable finished);
    }

    /** Answers a request that never reached the engine (queue full, timed out, shutting down). */
    public interface Refusal<T> {
        void refuse(T item, AigesException why);
    }

    /** A request leaving the queue for the engine, with when it arrived ({@link System#nanoTime()}). */
    public record Waiting<T>(T item, long arrived) {
    }

    private final String service;
    private final BatchConfig config;
    private final InstancePool pool;
    private final ScheduledExecutorService timer;
    private final Runner<T> runner;
    private final Refusal<T> refusal;
    private final LongAdder batches = new LongAdder();
    private final LongAdder batched = new LongAdder();

    private final ReentrantLock lock = new ReentrantLock();
    private final BatchQueue<T> queue;
    /** An instance has been asked for and has not arrived yet. */
    private boolean asking;
    /** The instance a filling batch will run on, or null. */
    private Lease held;
    /** Looks again when the oldest waiting request's delay runs out, while {@link #held} waits. */
    private ScheduledFuture<?> wakeUp;
    private long wakeUpAt;
    private boolean closed;
    /** Batches handed to the runner whose engine call has not returned yet. */
    private int running;

    public DynamicBatcher(String service, BatchConfig config, InstancePool pool, ScheduledExecutorService timer,
                          Runner<T> runner, Refusal<T> refusal) {
        this.service = service;
        this.config = config;
        this.pool = pool;
        this.timer = timer;
        this.runner = runner;
        this.refusal = refusal;
        this.queue = new BatchQueue<>(config);
    }

    /** Queues a request for a batch of requests with the same {@code key}; refused at once when the queue is full. */
    public void submit(String key, T item) {
        BatchQueue.Entry<T> entry;
        boolean refusedForShutdown;
        lock.lock();
        try {
            refusedForShutdown = closed;
            entry = closed ? null : queue.offer(key, item, System.nanoTime());
        } finally {
            lock.unlock();
        }
        if (entry == null) {
            refusal.refuse(item, refusedForShutdown
                    ? AigesError.SHUTTING_DOWN.exception("service " + service + " is shutting down")
                    : AigesError.LIC_NOT_ENOUGH.exception("service " + service + ": " + config.queueSize()
                    + " requests already waiting for a batch; retry later"));
            return;
        }
        dispatch();
        if (!entry.sent) {
            // Scheduled only now, so a request that went at once costs the timer nothing. If it
            // leaves in between, the expiry finds it gone and does nothing.
            ScheduledFuture<?> expiry = timer.schedule(() -> expire(key, entry),
                    config.queueTimeout().toNanos(), TimeUnit.NANOSECONDS);
            entry.cancelExpiry = () -> expiry.cancel(false);
            if (entry.sent) {
                expiry.cancel(false);
            }
        }
    }

    private void expire(String key, BatchQueue.Entry<T> entry) {
        boolean removed;
        lock.lock();
        try {
            removed = queue.remove(key, entry);
        } finally {
            lock.unlock();
        }
        if (removed) {
            refusal.refuse(entry.item, AigesError.ONCE_TIMEOUT.exception("service " + service
                    + ": no batch started within " + config.queueTimeout().toMillis() + " ms ([batching] queueTimeout)"));
            dispatch();
        }
    }

    /**
     * Sends every batch that is due on the instance at hand, asks the pool for an instance when
     * requests wait without one, and gives the instance back when none wait.
     */
    private void dispatch() {
        while (true) {
            Lease lease = null;
            List<Waiting<T>> batch = null;
            boolean ask = false;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                if (held == null) {
                    ask = queue.size() > 0 && !asking;
                    asking |= ask;
                } else {
                    long now = System.nanoTime();
                    switch (queue.next(now, othersAllBusy())) {
                        case BatchQueue.Send<T> send -> {
                            lease = takeHeld();
                            running++;
                            batch = send.batch().stream().map(entry -> {
                                entry.sent = true;
                                entry.cancelExpiry.run();
                                return new Waiting<>(entry.item, entry.arrived);
                            }).toList();
                        }
                        case BatchQueue.WaitUntil<T> wait -> {
                            // Requests arriving while a batch fills ask again; the deadline rarely moves.
                            if (wakeUp == null || wakeUpAt != wait.nanos()) {
                                if (wakeUp != null) {
                                    wakeUp.cancel(false);
                                }
                                wakeUpAt = wait.nanos();
                                wakeUp = timer.schedule(this::dispatch, wait.nanos() - now, TimeUnit.NANOSECONDS);
                            }
                        }
                        case BatchQueue.Empty<T> empty -> lease = takeHeld();
                    }
                }
            } finally {
                lock.unlock();
            }
            if (ask) {
                // Often complete already: then leased() runs here and now.
                pool.acquire().whenComplete(this::leased);
                return;
            }
            if (lease == null) {
                return;
            }
            if (batch == null) {
                lease.close();
                return;
            }
            batches.increment();
            batched.add(batch.size());
            runner.run(lease, batch, this::finished);
            // More may be waiting: go round for another instance.
        }
    }

    /**
     * True while every instance but the one in hand runs a batch of this service: only then
     * may that one wait for partners, since the engine stays busy meanwhile and one of those
     * batches ending ({@link #finished}) cuts the wait short. An instance busy with other work
     * (a streaming session) sends no such news, so it does not count. Under the lock.
     */
    private boolean othersAllBusy() {
        return running > 0 && pool.idleCount() == 0;
    }

    /** A batch's engine call returned and its instance is back: a filling batch need not wait any more. */
    private void finished() {
        lock.lock();
        try {
            running--;
        } finally {
            lock.unlock();
        }
        dispatch();
    }

    /** The held instance, no longer held; the caller runs a batch on it or gives it back. Under the lock. */
    private Lease takeHeld() {
        Lease lease = held;
        held = null;
        if (wakeUp != null) {
            wakeUp.cancel(false);
            wakeUp = null;
        }
        return lease;
    }

    private void leased(Lease lease, Throwable failure) {
        boolean keep;
        lock.lock();
        try {
            asking = false;
            keep = failure == null && !closed;
            if (keep) {
                held = lease;
            }
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            if (!closedNow() && AigesException.unwrap(failure).error() != AigesError.SHUTTING_DOWN) {
                // The pool's own queue is full or its timeout passed: the requests here have
                // their own timeout, so ask again shortly.
                timer.schedule(this::dispatch, POOL_RETRY_MICROS, TimeUnit.MICROSECONDS);
            }
            return;
        }
        if (!keep) {
            lease.close();
            return;
        }
        dispatch();
    }

    private boolean closedNow() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting for a batch right now. */
    public int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Batches sent to the engine so far. */
    public long batches() {
        return batches.sum();
    }

    /** Requests sent to the engine in batches so far. */
    public long batchedRequests() {
        return batched.sum();
    }

    /** Refuses every waiting request and gives back a held instance; batches already running finish. */
    @Override
    public void close() {
        List<BatchQueue.Entry<T>> dropped;
        Lease lease;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            dropped = queue.drainAll();
            lease = takeHeld();
        } finally {
            lock.unlock();
        }
        if (lease != null) {
            lease.close();
        }
        for (BatchQueue.Entry<T> entry : dropped) {
            entry.cancelExpiry.run();
            refusal.refuse(entry.item, AigesError.SHUTTING_DOWN.exception("service " + service + " is shutting down"));
        }
    }
}
