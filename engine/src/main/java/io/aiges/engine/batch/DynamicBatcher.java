package io.aiges.engine.batch;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.BatchConfig;
import io.aiges.engine.pool.InstancePool;
import io.aiges.engine.pool.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A service's dynamic batcher: requests wait in a bounded {@link BatchQueue}; one dispatcher
 * thread takes an instance from the pool (so the licence still bounds the engine calls), forms
 * the next batch by the queue's rule, and hands instance and batch to the {@link Runner}, which
 * runs the engine call on the service's own threads. While an instance is busy, requests keep
 * arriving, so the busier the service, the fuller its batches.
 *
 * <p>At most one instance is held while a batch forms, and only while requests are waiting.
 * A request that waits longer than {@code queueTimeout} for its batch to start is failed with
 * 10102; one that finds the queue full gets 10110 at once.
 *
 * @param <T> the service's request type
 */
public final class DynamicBatcher<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DynamicBatcher.class);
    /** How long to wait before asking again when the pool refuses to queue us (its [fc] queue is 0 or full). */
    private static final long POOL_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Runs one batch on an instance; must close the lease when the engine call has returned. */
    public interface Runner<T> {
        void run(Lease lease, List<Waiting<T>> batch);
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
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final BatchQueue<T> queue;
    private final Thread dispatcher;
    private final LongAdder batches = new LongAdder();
    private final LongAdder batched = new LongAdder();
    private boolean closed;

    public DynamicBatcher(String service, BatchConfig config, InstancePool pool, ScheduledExecutorService timer,
                          Runner<T> runner, Refusal<T> refusal) {
        this.service = service;
        this.config = config;
        this.pool = pool;
        this.timer = timer;
        this.runner = runner;
        this.refusal = refusal;
        this.queue = new BatchQueue<>(config);
        this.dispatcher = Thread.ofPlatform().name("aiges-" + service + "-batcher").daemon(true)
                .start(this::dispatch);
    }

    /** Queues a request for a batch of requests with the same {@code key}; refused at once when the queue is full. */
    public void submit(String key, T item) {
        BatchQueue.Entry<T> entry;
        boolean refusedForShutdown;
        lock.lock();
        try {
            refusedForShutdown = closed;
            entry = closed ? null : queue.offer(key, item, System.nanoTime());
            if (entry != null) {
                changed.signal();
            }
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
        ScheduledFuture<?> expiry = timer.schedule(() -> expire(key, entry),
                config.queueTimeout().toNanos(), TimeUnit.NANOSECONDS);
        entry.cancelExpiry = () -> expiry.cancel(false);
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

    private void dispatch() {
        try {
            while (awaitWork()) {
                Lease lease = lease();
                if (lease == null) {
                    return;
                }
                List<Waiting<T>> batch;
                try {
                    batch = formBatch();
                } catch (InterruptedException e) {
                    lease.close();
                    throw e;
                }
                if (batch == null) {
                    lease.close();
                    continue;
                }
                batches.increment();
                batched.add(batch.size());
                runner.run(lease, batch);
            }
        } catch (InterruptedException e) {
            // close() stops the dispatcher this way.
        } catch (RuntimeException | Error e) {
            log.error("service {}: the batcher stopped on an unexpected failure; batched requests are refused", service, e);
            close();
        }
    }

    /** Waits until a request is queued; false once closed. */
    private boolean awaitWork() throws InterruptedException {
        lock.lock();
        try {
            while (!closed && queue.size() == 0) {
                changed.await();
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** An instance from the pool, waiting as long as it takes; null when the pool is closed. */
    private Lease lease() throws InterruptedException {
        while (true) {
            try {
                return pool.acquire().get();
            } catch (ExecutionException e) {
                AigesException why = AigesException.unwrap(e.getCause());
                if (why.error() == AigesError.SHUTTING_DOWN) {
                    return null;
                }
                // The pool's own queue is full or its queue timeout passed: the requests have
                // their own timeout here, so ask again.
                TimeUnit.NANOSECONDS.sleep(POOL_RETRY_NANOS);
            }
        }
    }

    /** The next batch by the queue's rule, waiting for it to fill up; null when the queue emptied meanwhile. */
    private List<Waiting<T>> formBatch() throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                long now = System.nanoTime();
                switch (queue.next(now)) {
                    case BatchQueue.Send<T> send -> {
                        return send.batch().stream().map(entry -> {
                            entry.cancelExpiry.run();
                            return new Waiting<>(entry.item, entry.arrived);
                        }).toList();
                    }
                    case BatchQueue.WaitUntil<T> wait -> changed.awaitNanos(wait.nanos() - now);
                    case BatchQueue.Empty<T> empty -> {
                        return null;
                    }
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses every waiting request and stops the dispatcher; batches already running finish. */
    @Override
    public void close() {
        List<BatchQueue.Entry<T>> dropped;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            dropped = queue.drainAll();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() != dispatcher) {
            dispatcher.interrupt();
        }
        for (BatchQueue.Entry<T> entry : dropped) {
            entry.cancelExpiry.run();
            refusal.refuse(entry.item, AigesError.SHUTTING_DOWN.exception("service " + service + " is shutting down"));
        }
    }
}
