package io.aiges.engine.pool;

import io.aiges.api.Engine;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The start of a pool's instances: {@code count} calls of {@link Engine#newInstance()} on
 * {@code parallelism} threads of their own, each taking the next instance when its last is up
 * (with a parallelism of 1, on the caller's thread until the pool is ready), each new instance
 * handed to the pool as soon as it is up. Python workers spend their start importing the wrapper (torch alone takes
 * 1.4-2 s), so four workers started one after another took four times one; started side by side
 * on two cores, they take about two.
 *
 * <p>A failure before the pool is {@link #awaitUp ready} fails the start: the starts still
 * running are interrupted and waited for, so that no instance is created behind the caller's
 * back once it has given up (and closed the engine). A failure after it (a pool that serves from
 * its first instance on) is logged, and the pool serves with one instance less.
 */
final class InstanceStarts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstanceStarts.class);

    private final String service;
    private final Engine engine;
    private final int count;
    private final int parallelism;
    private final Consumer<Wrapper> joined;
    /** The number of the last instance whose start was taken on; each start takes the next. */
    private final AtomicInteger next = new AtomicInteger();
    /** The start threads, once there are any; changed and read under {@code this}. */
    private final List<Thread> threads = new ArrayList<>();
    private int up;
    private int ended;
    private boolean ready;
    private boolean stopped;
    private AigesException failure;

    InstanceStarts(String service, Engine engine, int count, int parallelism, Consumer<Wrapper> joined) {
        this.service = service;
        this.engine = engine;
        this.count = count;
        this.parallelism = parallelism;
        this.joined = joined;
    }

    /** Starts instances one after another until {@code until} are up, or none is left, or the start stopped. */
    private void startInTurn(int until) {
        int number;
        while (!stopped() && upCount() < until && (number = next.incrementAndGet()) <= count) {
            startOne(number);
        }
    }

    private synchronized int upCount() {
        return up;
    }

    /** Threads that start the instances not taken on yet, {@code how many} at a time. */
    private synchronized void startThreads(int howMany) {
        if (stopped || next.get() >= count) {
            return;
        }
        // Platform threads: an engine's init may block in native code, which would pin a carrier.
        Thread.Builder builder = Thread.ofPlatform().name("aiges-" + service + "-start-", 1).daemon(true);
        for (int i = 0; i < howMany; i++) {
            Thread thread = builder.unstarted(() -> startInTurn(Integer.MAX_VALUE));
            threads.add(thread);
            thread.start();
        }
    }

    private synchronized boolean stopped() {
        return stopped;
    }

    private void startOne(int number) {
        Wrapper instance;
        try {
            instance = engine.newInstance();
        } catch (WrapperException | RuntimeException e) {
            failed(number, e);
            return;
        }
        // Joined even when stopped meanwhile: the pool, closed by then, finishes it.
        joined.accept(instance);
        synchronized (this) {
            up++;
            ended++;
            notifyAll();
        }
    }

    private synchronized void failed(int number, Exception e) {
        ended++;
        notifyAll();
        if (stopped) {
            return;
        }
        int own = e instanceof WrapperException w ? w.code() : 0;
        String message = "service " + service + ": creating engine instance " + number + " of " + count
                + " failed: " + e.getMessage() + (own != 0 ? ";code=" + own : "");
        if (ready) {
            log.error("{}; serving with fewer instances", message);
            return;
        }
        failure = new AigesException(AigesError.WRAPPER_INIT, message, e);
        stop();
    }

    /**
     * Waits until {@code needed} instances are up, or fails with the first start that failed.
     * Once it returns, later failures are only logged.
     */
    void awaitUp(int needed) {
        if (parallelism == 1) {
            // One after another on the caller's thread, as before: an engine whose init starts a
            // process bound to the starting thread's life (PR_SET_PDEATHSIG) keeps it. Only the
            // instances past those needed start on a thread of their own.
            startInTurn(needed);
        }
        startThreads(parallelism);
        synchronized (this) {
            try {
                while (failure == null && up < needed && ended < count) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new AigesException(AigesError.WRAPPER_INIT, "service " + service
                        + ": interrupted while its engine instances started", e);
                stop();
            }
            if (failure == null && up >= needed) {
                ready = true;
                return;
            }
        }
        awaitStopped();
        synchronized (this) {
            throw failure != null ? failure : AigesError.SHUTTING_DOWN.exception("service " + service
                    + " closed while its engine instances started");
        }
    }

    private synchronized void stop() {
        stopped = true;
        threads.forEach(Thread::interrupt);
    }

    private synchronized List<Thread> threads() {
        return List.copyOf(threads);
    }

    /** Stops the starts still running (a pool closed while its instances come up) and waits for them. */
    @Override
    public void close() {
        stop();
        awaitStopped();
    }

    private void awaitStopped() {
        boolean interrupted = false;
        for (Thread thread : threads()) {
            while (thread != Thread.currentThread() && thread.isAlive()) {
                try {
                    if (!thread.join(Duration.ofMinutes(1))) {
                        log.warn("service {}: still waiting for an engine instance's start to end", service);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
