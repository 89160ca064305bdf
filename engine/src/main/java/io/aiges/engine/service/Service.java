package io.aiges.engine.service;

import io.aiges.api.BatchEngine;
import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.Engine;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.WrapperException;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.batch.DynamicBatcher;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.fairness.ClientId;
import io.aiges.engine.fairness.ClientLimits;
import io.aiges.engine.pool.InstancePool;
import io.aiges.engine.pool.Lease;
import io.aiges.engine.pool.RateLimiter;
import io.aiges.engine.session.SessionTable;
import io.aiges.engine.session.StreamSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/**
 * One served engine: its instance pool and the threads that run engine calls. Engine calls
 * block, so they run on this service's own platform threads (one per licence: never more
 * calls than instances), never on a front-end's event loop. When the engine declares batch
 * support and {@code [batching]} enables it, one-shot requests that may share a batch go
 * through the service's {@link DynamicBatcher} instead of taking an instance each.
 */
public final class Service implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Service.class);
    private final ServiceConfig config;
    private final Engine engine;
    private final InstancePool pool;
    private final RateLimiter rateLimiter;
    private final ClientLimits clientLimits;
    /** Asked once: an engine may build its schema on every call. */
    private final ServiceSchema schema;
    private final ExecutorService calls;
    private final ScheduledExecutorService timer;
    private static final String SID = "sid";

    private final SessionTable sessions = new SessionTable();
    /** Null unless the engine batches and the configuration asks for it. */
    private final DynamicBatcher<Batched> batcher;
    /** The request timeout of one-shot calls handed to an engine thread. */
    private final CallDeadlines deadlines;
    private volatile boolean draining;
    private final InferenceStatistics statistics = new InferenceStatistics(System::currentTimeMillis);

    /** A request waiting for its batch, and where its answer goes. */
    private record Batched(OnceRequest request, CompletableFuture<OnceResult> result) {
    }

    Service(ServiceConfig config, Engine engine, ScheduledExecutorService timer) {
        this.config = config;
        this.engine = engine;
        this.timer = timer;
        this.pool = new InstancePool(config.name(), engine, config.pool(), timer);
        this.rateLimiter = new RateLimiter(config.name(), config.rateLimit());
        this.clientLimits = new ClientLimits(config.name(), config.clientLimits());
        this.schema = engine.schema();
        this.calls = Executors.newFixedThreadPool(config.pool().licence(),
                Thread.ofPlatform().name("aiges-" + config.name() + "-", 0).daemon(true).factory());
        this.batcher = batcher(config, engine, pool, timer);
        this.deadlines = new CallDeadlines(timer, config.requestTimeout());
    }

    private DynamicBatcher<Batched> batcher(ServiceConfig config, Engine engine, InstancePool pool,
                                            ScheduledExecutorService timer) {
        if (!config.batching().enabled()) {
            return null;
        }
        if (!(engine instanceof BatchEngine)) {
            log.warn("service {}: [batching] is set, but the {} engine does not declare batch support;"
                    + " requests run one at a time", config.name(), config.engine().form());
            return null;
        }
        log.info("service {}: batching up to {} requests per engine call, waiting at most {} us for a batch to fill",
                config.name(), config.batching().maxBatchSize(), config.batching().maxBatchDelay().toNanos() / 1000);
        return new DynamicBatcher<>(config.name(), config.batching(), pool, timer, this::runBatch,
                (waiting, why) -> waiting.result().completeExceptionally(why));
    }

    /** True when one-shot requests of this service are batched. */
    public boolean batching() {
        return batcher != null;
    }

    /** Batches sent to the engine so far (0 without batching). */
    public long batchesRun() {
        return batcher == null ? 0 : batcher.batches();
    }

    /** Requests answered through batches so far; with {@link #batchesRun()}, the mean batch size. */
    public long batchedRequests() {
        return batcher == null ? 0 : batcher.batchedRequests();
    }

    public String name() {
        return config.name();
    }

    public ServiceConfig config() {
        return config;
    }

    public ServiceSchema schema() {
        return schema;
    }

    /** How often the engine's processes were restarted after dying (out-of-process engines). */
    public long engineRestarts() {
        return engine.restarts();
    }

    public String engineVersion() {
        return engine.version();
    }

    public InstancePool pool() {
        return pool;
    }

    /** What this service's one-shot requests and engine calls took so far. */
    public InferenceStatistics statistics() {
        return statistics;
    }

    /** The per-client limits of this service, and what they refused so far. */
    public ClientLimits clientLimits() {
        return clientLimits;
    }

    /** {@link #once(OnceRequest, ClientId)} for work the server starts itself (an async job's run): no per-client limit. */
    public CompletableFuture<OnceResult> once(OnceRequest request) {
        return once(request, ClientId.IN_PROCESS);
    }

    /**
     * Runs a one-shot request of {@code client}: waits for an instance (bounded), calls the engine,
     * checks its outputs. Fails with an {@link AigesException}: 10110 when busy or when the client
     * is over its request rate, 10102 after the request timeout, the engine's own code otherwise.
     */
    public CompletableFuture<OnceResult> once(OnceRequest request, ClientId client) {
        long entered = System.nanoTime();
        return admitAndRun(request, client).whenComplete((result, error) -> {
            long took = System.nanoTime() - entered;
            if (error == null) {
                statistics.succeeded(took, result);
            } else {
                statistics.failed(took);
            }
        });
    }

    private CompletableFuture<OnceResult> admitAndRun(OnceRequest request, ClientId client) {
        if (draining) {
            return CompletableFuture.failedFuture(shuttingDown());
        }
        try {
            RequestCheck.params(request.params(), schema);
            RequestCheck.inputs(request.inputs(), schema);
            // The client's own rate first: a client over it does not use up the service's rate.
            clientLimits.admitRequest(client);
            rateLimiter.acquire();
        } catch (AigesException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        Optional<String> key = batchKey(request);
        if (key.isPresent()) {
            CompletableFuture<OnceResult> result = new CompletableFuture<>();
            batcher.submit(key.get(), new Batched(request, result));
            return result;
        }
        long arrived = System.nanoTime();
        return pool.acquire().thenCompose(lease -> call(lease, request, Duration.ofNanos(System.nanoTime() - arrived)));
    }

    private CompletableFuture<OnceResult> call(Lease lease, OnceRequest request, Duration queued) {
        if (lease.wrapper().runsInline()) {
            return inline(lease, request, queued);
        }
        CompletableFuture<OnceResult> result = new CompletableFuture<>();
        Future<?> running;
        try {
            running = calls.submit(() -> {
                OnceResult answer = null;
                AigesException failure = null;
                // The sid in the logging context of everything the engine call logs.
                try (lease) {
                    answer = engineCall(lease, request, queued);
                } catch (AigesException e) {
                    failure = e;
                }
                // Answered only once the instance is back in the pool: the client's next request finds it free.
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(answer);
                }
            });
        } catch (RuntimeException rejected) {
            lease.close();
            return CompletableFuture.failedFuture(shuttingDown());
        }
        long timeoutMs = config.requestTimeout().toMillis();
        Runnable ended = deadlines.watch(() -> {
            if (result.completeExceptionally(AigesError.ONCE_TIMEOUT.exception("service " + name()
                    + ": the engine did not answer within " + timeoutMs + " ms"))) {
                // The instance stays lent until the call really returns, so the licence holds;
                // then it is replaced, never reused: a call cut short may have left it in any state.
                lease.retire();
                running.cancel(true);
            }
        });
        result.whenComplete((answer, error) -> ended.run());
        return result;
    }

    /** An engine that says it never blocks, called on the caller's thread: no hand-over, no timer. */
    private CompletableFuture<OnceResult> inline(Lease lease, OnceRequest request, Duration queued) {
        OnceResult answer;
        try (lease) {
            answer = engineCall(lease, request, queued);
        } catch (AigesException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.completedFuture(answer);
    }

    /** The engine call itself, with the sid in the logging context of everything it logs. */
    private OnceResult engineCall(Lease lease, OnceRequest request, Duration queued) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable(SID, request.sid())) {
            long started = System.nanoTime();
            List<DataItem> outputs = lease.wrapper().once(request.params(), request.inputs());
            Duration engineTime = Duration.ofNanos(System.nanoTime() - started);
            statistics.executed(1, engineTime.toNanos());
            return new OnceResult(request.sid(), DataStatus.ONCE,
                    OutputCheck.apply(outputs == null ? List.of() : outputs, request.expect()), queued, engineTime);
        } catch (WrapperException e) {
            throw WrapperErrors.of(e, AigesError.WRAPPER_EXEC);
        } catch (AigesException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw WrapperErrors.ofBug(e, AigesError.WRAPPER_EXEC);
        }
    }

    /** The request's batch key, or empty when it is not batched (no batcher, or the engine wants it alone). */
    private Optional<String> batchKey(OnceRequest request) {
        if (batcher == null) {
            return Optional.empty();
        }
        try {
            Optional<String> key = ((BatchEngine) engine).batchKey(request.params(), request.inputs());
            return key == null ? Optional.empty() : key;
        } catch (RuntimeException e) {
            // A key the engine cannot compute: the request goes alone, and the engine's once() says what is wrong.
            return Optional.empty();
        }
    }

    /**
     * Runs a batch on the service's threads, with the request timeout over the whole engine
     * call, as {@link #call} does for one request. Each request gets its own answer or error.
     */
    private void runBatch(Lease lease, List<DynamicBatcher.Waiting<Batched>> batch, Runnable finished) {
        long dispatched = System.nanoTime();
        List<CompletableFuture<OnceResult>> results = batch.stream().map(w -> w.item().result()).toList();
        Future<?> running;
        try {
            running = calls.submit(() -> {
                List<BatchCall.Answer> answers;
                String sids = batch.stream().map(w -> w.item().request().sid()).collect(Collectors.joining(","));
                long started;
                long ended;
                try (MDC.MDCCloseable ignored = MDC.putCloseable(SID, sids)) {
                    try (lease) {
                        started = System.nanoTime();
                        answers = BatchCall.run(lease.wrapper(), batch.stream().map(w -> w.item().request()).toList());
                        ended = System.nanoTime();
                    }
                } finally {
                    finished.run();
                }
                // Answered only once the instance is back in the pool, as a single request is.
                Duration engineTime = Duration.ofNanos(ended - started);
                statistics.executed(batch.size(), engineTime.toNanos());
                for (int i = 0; i < batch.size(); i++) {
                    Batched item = batch.get(i).item();
                    BatchCall.Answer answer = answers.get(i);
                    if (answer.failure() != null) {
                        item.result().completeExceptionally(answer.failure());
                        continue;
                    }
                    try {
                        item.result().complete(new OnceResult(item.request().sid(), DataStatus.ONCE,
                                OutputCheck.apply(answer.outputs(), item.request().expect()),
                                Duration.ofNanos(dispatched - batch.get(i).arrived()), engineTime));
                    } catch (AigesException e) {
                        item.result().completeExceptionally(e);
                    }
                }
            });
        } catch (RuntimeException rejected) {
            lease.close();
            finished.run();
            results.forEach(r -> r.completeExceptionally(shuttingDown()));
            return;
        }
        long timeoutMs = config.requestTimeout().toMillis();
        // Watched by the same sweep as single calls: no timer task per batch (see CallDeadlines).
        Runnable ended = deadlines.watch(() -> {
            boolean cut = false;
            for (CompletableFuture<OnceResult> r : results) {
                cut |= r.completeExceptionally(AigesError.ONCE_TIMEOUT.exception("service " + name()
                        + ": the engine did not answer a batch of " + batch.size() + " within " + timeoutMs + " ms"));
            }
            if (cut) {
                lease.retire();
                running.cancel(true);
            }
        });
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> ended.run());
    }

    /** The open streaming sessions of this service. */
    public SessionTable sessions() {
        return sessions;
    }

    /** {@link #openSession(String, Params, ClientId)} for sessions the server opens itself: no per-client limit. */
    public CompletableFuture<StreamSession> openSession(String sid, Params params) {
        return openSession(sid, params, ClientId.IN_PROCESS);
    }

    /**
     * Opens a streaming session {@code sid} of {@code client}: waits for an instance like a one-shot
     * request (bounded; 10110 when busy, or when the client already holds its sessions), then
     * creates the engine session on it. The session holds the instance, and counts as one of the
     * client's, until it ends.
     */
    public CompletableFuture<StreamSession> openSession(String sid, Params params, ClientId client) {
        if (draining) {
            return CompletableFuture.failedFuture(shuttingDown());
        }
        Runnable released;
        try {
            RequestCheck.params(params, schema);
            rateLimiter.acquire();
            if (sessions.contains(sid)) {
                throw new AigesException(AigesError.SESS_REPEAT, "session " + sid + " is already open");
            }
            released = clientLimits.admitSession(client);
        } catch (AigesException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        CompletableFuture<StreamSession> opened = pool.acquire().thenApplyAsync(lease -> StreamSession.open(sid, lease,
                params, calls, timer, config.sessions(), sessions, released), calls);
        // Once open, the session's end releases it; a session that never opened is released here.
        return opened.whenComplete((session, error) -> {
            if (error != null) {
                released.run();
            }
        });
    }

    /**
     * Counts an async job's submission against {@code client}'s request rate, as a direct request
     * would be; 10110 when it is over. The job's run later is the server's own work, not counted.
     */
    public void admitJob(ClientId client) {
        clientLimits.admitRequest(client);
    }

    /**
     * Starts draining: new requests and sessions are refused (10110, "shutting down"); those
     * already admitted, waiting or open go on until they end.
     */
    public void drain() {
        draining = true;
    }

    /** True when nothing is in flight: no instance lent, no request waiting, no session open. */
    public boolean isIdle() {
        return pool.idleCount() == pool.size() && pool.waitingCount() == 0 && sessions.size() == 0
                && (batcher == null || batcher.waiting() == 0);
    }

    private AigesException shuttingDown() {
        return AigesError.SHUTTING_DOWN.exception("service " + name() + " is shutting down; retry on another instance");
    }

    @Override
    public void close() {
        sessions.closeAll("service " + name() + " is shutting down");
        if (batcher != null) {
            batcher.close();
        }
        calls.shutdownNow();
        deadlines.close();
        pool.close();
        engine.close();
    }
}
