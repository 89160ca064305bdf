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
 * {@code parallelism} threads of their own, each taking the next instance when its last is up, each new instance handed to the pool as
 * soon as it is up. Python workers spend their start importing the wrapper (torch alone takes
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
    private final Consumer<Wrapper> joined;
    /** The number of the next instance to start; each thread takes one after another. */
    private final AtomicInteger next = new AtomicInteger();
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
        this.joined = joined;
        // Platform threads: an engine's init may block in native code, which would pin a carrier.
        Thread.Builder builder = Thread.ofPlatform().name("aiges-" + service + "-start-", 1).daemon(true);
        for (int i = 0; i < parallelism; i++) {
            threads.add(builder.unstarted(this::startInTurn));
        }
        threads.forEach(Thread::start);
    }

    private void startInTurn() {
        int number;
        while (!stopped() && (number = next.incrementAndGet()) <= count) {
            startOne(number);
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

    /** Stops the starts still running (a pool closed while its instances come up) and waits for them. */
    @Override
    public void close() {
        stop();
        awaitStopped();
    }

    private void awaitStopped() {
        boolean interrupted = false;
        for (Thread thread : threads) {
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
