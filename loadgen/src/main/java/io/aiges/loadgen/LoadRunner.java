package io.aiges.loadgen;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives one phase of a {@link LoadPlan} against a {@link Target} without ever blocking: a send
 * is started when a request completes (on the client's I/O thread) and on a 1 ms tick (for the
 * open loop's schedule and the time bound). State changes under this object's lock; sends happen
 * outside it, so a client calling back on the same thread cannot deadlock the loop.
 */
final class LoadRunner {
    private static final long TICK_MILLIS = 1;

    private final Target target;
    private final LoadPlan plan;
    private final LatencyRecorder recorder;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private long startNanos;
    private long deadlineNanos;
    private long endNanos;
    private long issued;
    private long inFlight;
    private boolean stopped;
    private ScheduledFuture<?> ticker;

    LoadRunner(Target target, LoadPlan plan, LatencyRecorder recorder) {
        this.target = target;
        this.plan = plan;
        this.recorder = recorder;
    }

    /** Starts the phase; the future completes once sending has stopped and every request has ended. */
    CompletableFuture<Void> start(ScheduledExecutorService scheduler) {
        synchronized (this) {
            startNanos = System.nanoTime();
            deadlineNanos = plan.duration() == null ? Long.MAX_VALUE : startNanos + plan.duration().toNanos();
            ticker = scheduler.scheduleAtFixedRate(() -> guarded(this::pump), TICK_MILLIS, TICK_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
        pump();
        return finished;
    }

    synchronized double elapsedSeconds() {
        long end = finished.isDone() ? endNanos : System.nanoTime();
        return (end - startNanos) / 1e9;
    }

    private void pump() {
        while (true) {
            long intended;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                long now = System.nanoTime();
                if ((plan.maxRequests() > 0 && issued >= plan.maxRequests()) || now >= deadlineNanos) {
                    stop(now);
                    return;
                }
                if (inFlight >= plan.concurrency()) {
                    return;
                }
                if (plan.openLoop()) {
                    intended = startNanos + Math.round(issued * 1e9 / plan.rate());
                    if (intended > now) {
                        return;
                    }
                } else {
                    intended = now;
                }
                issued++;
                inFlight++;
            }
            send(intended);
        }
    }

    private void send(long intended) {
        CompletableFuture<String> outcome;
        try {
            outcome = target.send(recorder::recordFrame);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.completedFuture(Target.TRANSPORT);
        }
        if (outcome.isDone()) {
            // Answered before send returned (a gRPC call failing fast on a refused connection): record it
            // here and let the caller's pump loop send the next, rather than pump from inside this
            // send, which recursed once per request until the stack overflowed.
            String code = outcome.handle((c, error) -> error == null ? c : Target.TRANSPORT).join();
            guarded(() -> record(intended, code));
            return;
        }
        // The targets time out on their own; this bound holds even if a client never calls back, so
        // a run always ends.
        outcome.completeOnTimeout(Target.TIMEOUT, plan.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((code, error) -> guarded(() -> completed(intended, error == null ? code : Target.TRANSPORT)));
    }

    /**
     * Runs a step of the loop where an exception would otherwise vanish (a scheduled task that throws
     * is silently never run again; a completion callback's exception goes nowhere) and the run
     * would wait forever: end the run with it instead.
     */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                stopped = true;
                ticker.cancel(false);
            }
            finished.completeExceptionally(e);
        }
    }

    private void completed(long intended, String code) {
        record(intended, code);
        pump();
    }

    private void record(long intended, String code) {
        long now = System.nanoTime();
        recorder.record(now - intended, code);
        synchronized (this) {
            inFlight--;
            if (stopped && inFlight == 0) {
                finish(now);
            }
        }
    }

    private void stop(long now) {
        stopped = true;
        ticker.cancel(false);
        if (inFlight == 0) {
            finish(now);
        }
    }

    private void finish(long now) {
        endNanos = now;
        finished.complete(null);
    }
}
