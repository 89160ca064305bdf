package io.aiges.loadgen;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One {@code aiges bench} run: a warm-up phase whose numbers are dropped, then the measured phase.
 * Owns everything the run starts (the Vert.x instance, the client, the tick thread) and closes it
 * all before returning. The calling thread only waits, waking once a second for the progress line.
 */
public final class Bench {
    private Bench() {
    }

    /**
     * Runs {@code plan} against {@code url} with {@code body}; {@code progress}, when not null,
     * gets a progress line once a second. Throws {@link IllegalArgumentException} when the body
     * does not suit the front-end.
     */
    public static Summary run(BenchUrl url, byte[] body, LoadPlan plan, Consumer<String> progress)
            throws InterruptedException {
        return run(url, body, Sessions.DEFAULT, plan, progress);
    }

    /** As {@link #run(BenchUrl, byte[], LoadPlan, Consumer)}, with streaming sessions run as {@code sessions} says. */
    public static Summary run(BenchUrl url, byte[] body, Sessions sessions, LoadPlan plan, Consumer<String> progress)
            throws InterruptedException {
        if (sessions.frames() > 0 && !sessions.streams(url)) {
            throw new IllegalArgumentException("--frames is for streaming sessions: a ws:// URL, or grpc:// with --stream");
        }
        if (sessions.grpcStream() && url.frontEnd() != BenchUrl.FrontEnd.GRPC) {
            throw new IllegalArgumentException("--stream picks gRPC's Stream call; a ws:// URL always streams");
        }
        // Two event loops are plenty for a client on loopback, and leave the cores to the server.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(run -> {
            Thread thread = new Thread(run, "aiges-bench-tick");
            thread.setDaemon(true);
            return thread;
        });
        try (Target target = target(vertx, url, body, sessions, plan)) {
            if (!plan.warmup().isZero()) {
                runPhase(target, plan.warmupPhase(), new LatencyRecorder(), ticks, null);
            }
            LatencyRecorder recorder = new LatencyRecorder();
            LoadRunner runner = runPhase(target, plan, recorder, ticks, progress);
            return Summary.of(url, frontEnd(url, sessions), plan, recorder, runner.elapsedSeconds(), sessions.frames());
        } finally {
            ticks.shutdownNow();
            Failures.awaitClose(vertx.close());
        }
    }

    private static Target target(Vertx vertx, BenchUrl url, byte[] body, Sessions sessions, LoadPlan plan) {
        return switch (url.frontEnd()) {
            case HTTP -> HttpTarget.aiges(vertx, url, body, plan);
            case WEBSOCKET -> new WebSocketTarget(vertx, url, sessions.framesOf(body), plan);
            case GRPC -> sessions.grpcStream()
                    ? new GrpcStreamTarget(url, sessions.framesOf(body), plan)
                    : new GrpcTarget(url, body, plan);
            case OIP -> new HttpTarget(vertx, url, body, plan, OipAnswers::outcome);
            case OIP_GRPC -> new OipGrpcTarget(url, body, plan);
        };
    }

    private static String frontEnd(BenchUrl url, Sessions sessions) {
        return url.frontEnd() == BenchUrl.FrontEnd.GRPC && sessions.grpcStream()
                ? "grpc-stream" : url.frontEnd().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static LoadRunner runPhase(Target target, LoadPlan plan, LatencyRecorder recorder,
                                       ScheduledExecutorService ticks, Consumer<String> progress)
            throws InterruptedException {
        LoadRunner runner = new LoadRunner(target, plan, recorder);
        CompletableFuture<Void> finished = runner.start(ticks);
        long lastCount = 0;
        double lastSeconds = 0;
        while (true) {
            try {
                finished.get(1, TimeUnit.SECONDS);
                return runner;
            } catch (TimeoutException e) {
                if (progress != null) {
                    Histogram so = recorder.snapshot();
                    double seconds = runner.elapsedSeconds();
                    long errors = recorder.codes().entrySet().stream()
                            .filter(c -> !c.getKey().equals(Target.SUCCESS)).mapToLong(c -> c.getValue()).sum();
                    progress.accept(String.format(Locale.ROOT,
                            "%5.0f s  %d done  %d errors  %.0f req/s  p50 %.2f ms  p99 %.2f ms",
                            seconds, so.getTotalCount(), errors,
                            (so.getTotalCount() - lastCount) / Math.max(1e-9, seconds - lastSeconds),
                            so.getValueAtPercentile(50) / 1e6, so.getValueAtPercentile(99) / 1e6));
                    lastCount = so.getTotalCount();
                    lastSeconds = seconds;
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("the load loop failed", e.getCause());
            }
        }
    }
}
