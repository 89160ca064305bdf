package io.aiges.engine.session;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import io.aiges.api.WrapperSession;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.SessionConfig;
import io.aiges.engine.pool.Lease;
import io.aiges.engine.service.OutputCheck;
import io.aiges.engine.service.OutputSpec;
import io.aiges.engine.service.WrapperErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One open streaming session: an engine session on one leased instance. Frames are written
 * strictly in order, one engine call at a time, on the service's engine threads. The session
 * ends exactly once, whatever ends it (the last result, the client, an error, the per-frame
 * read timeout or the whole-session timeout): the engine session is destroyed after any call
 * still running, and the instance goes back to the pool.
 *
 * <p>Results the engine produces on its own ({@link WrapperSession#onResultsReady}) are read on
 * the same ordered chain as the frames, so they are numbered, checked and delivered in order with
 * the frames' results, each once; a front-end that registers {@link #onResults} gets them at once
 * instead of with the answer to the client's next frame.
 */
public final class StreamSession {
    private static final Logger log = LoggerFactory.getLogger(StreamSession.class);
    /** After the last frame, how often and how long to poll for the final result (as the original). */
    private static final int LAST_READ_POLLS = 100;
    private static final long POLL_MS = 50;

    private final String sid;
    private final Lease lease;
    private final WrapperSession engine;
    private final Executor calls;
    private final ScheduledExecutorService timer;
    private final SessionConfig config;
    private final SessionTable table;
    /** Run once when the session ends: gives the client's session back ({@code [fc] maxSessionsPerClient}). */
    private final Runnable released;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final ScheduledFuture<?> sessionDeadline;

    private final Object order = new Object();
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> readDeadline;
    private volatile Consumer<AigesException> onAbort = error -> { };
    /** The outputs the client declared on its first frame; empty accepts whatever the engine returns. */
    private volatile List<OutputSpec> declared = List.of();
    /** Results numbered across the whole session; only engine threads touch it, one at a time. */
    private int seq;
    /** A result with status END went out; only engine threads touch it, one at a time. */
    private boolean finished;
    /** Where every result goes once a front-end registers; null: results only answer writes. */
    private volatile Consumer<SessionResult> results;
    /** A read for the engine's wake-up is queued and has not started: more wake-ups add nothing. */
    private boolean readQueued;

    StreamSession(String sid, Lease lease, WrapperSession engine, Executor calls, ScheduledExecutorService timer,
                  SessionConfig config, SessionTable table, Runnable released) {
        this.sid = sid;
        this.lease = lease;
        this.engine = engine;
        this.calls = calls;
        this.timer = timer;
        this.config = config;
        this.table = table;
        this.released = released;
        this.sessionDeadline = timer.schedule(() -> end(AigesError.READ_TIMEOUT.exception("session " + sid
                + " lasted longer than " + config.sessionTimeout().toSeconds() + " s ([ws] sessionTimeout)")),
                config.sessionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        armReadDeadline();
    }

    /**
     * Opens a session on a leased instance and registers it; on any failure the lease is returned.
     * Runs on an engine thread: {@code create} may take a while.
     */
    public static StreamSession open(String sid, Lease lease, Params params, Executor calls,
                                     ScheduledExecutorService timer, SessionConfig config, SessionTable table,
                                     Runnable released) {
        WrapperSession engine;
        try {
            engine = lease.wrapper().create(params);
        } catch (WrapperException e) {
            lease.close();
            throw WrapperErrors.of(e, AigesError.WRAPPER_CREATE);
        } catch (RuntimeException e) {
            lease.close();
            throw WrapperErrors.ofBug(e, AigesError.WRAPPER_CREATE);
        }
        StreamSession session = new StreamSession(sid, lease, engine, calls, timer, config, table, released);
        try {
            table.add(session);
        } catch (AigesException duplicate) {
            session.end(null);
            throw duplicate;
        }
        try {
            engine.onResultsReady(session::resultsReady);
        } catch (RuntimeException e) {
            session.end(null);
            throw WrapperErrors.ofBug(e, AigesError.WRAPPER_CREATE);
        }
        return session;
    }

    public String sid() {
        return sid;
    }

    public boolean isEnded() {
        return ended.get();
    }

    /** Called once if the session is ended by a timeout or a failure, so the front-end can say so. */
    public void onAbort(Consumer<AigesException> listener) {
        this.onAbort = listener;
    }

    /**
     * Sends every result of this session to {@code listener}, in order, one at a time, from engine
     * threads: the results of each {@link #write} (before its future completes, so the future then
     * only says the frame is done) and those the engine pushes between frames, which would
     * otherwise wait for the next frame. A result with {@link SessionResult#finished()} is the last
     * and ends the session. Call it before the first {@link #write}. The listener must not block:
     * it runs on the session's engine thread; a front-end that cannot send (a client that does not
     * read) should end the session rather than buffer.
     */
    public void onResults(Consumer<SessionResult> listener) {
        this.results = listener;
    }

    /**
     * Checks every result of this session against the outputs the client declared on its first
     * frame, as a one-shot result is checked: an output it did not declare, or of another type,
     * ends the session with 10106; declared {@code encoding}/{@code compress}/{@code format} are
     * echoed on each result. Call it before the first {@link #write}.
     */
    public void expectOutputs(List<OutputSpec> outputs) {
        this.declared = List.copyOf(outputs);
    }

    /**
     * Writes one frame and returns what the engine has ready after it: after every frame when
     * {@code realTimeRlt}, otherwise only after the last. After the last frame it waits (up to
     * 5 s, polling) for the engine's final result. A failure ends the session.
     *
     * @param last whether the client said this is its last frame (status 2)
     */
    public CompletableFuture<SessionResult> write(List<DataItem> frame, boolean last) {
        CompletableFuture<SessionResult> result;
        synchronized (order) {
            if (ended.get()) {
                return CompletableFuture.failedFuture(AigesError.ENG_INACTIVE.exception("session " + sid + " has already ended"));
            }
            armReadDeadline();
            result = tail.handle((previous, error) -> null).thenApplyAsync(ignored -> {
                try (MDC.MDCCloseable sidContext = MDC.putCloseable("sid", sid)) {
                    SessionResult answer = step(frame, last);
                    finished |= answer.finished();
                    hand(answer);
                    return answer;
                }
            }, calls);
            tail = result;
        }
        return result.whenComplete((answer, error) -> {
            if (error != null) {
                end(AigesException.unwrap(error));
            } else if (answer.finished()) {
                end(null);
            }
        });
    }

    /**
     * The engine's wake-up, from any of its threads: queues a read behind the frames already
     * queued, unless one is queued and has not started yet.
     */
    private void resultsReady() {
        synchronized (order) {
            if (ended.get() || readQueued || results == null) {
                return;
            }
            readQueued = true;
            tail = tail.handle((previous, error) -> null).thenRunAsync(() -> {
                try (MDC.MDCCloseable sidContext = MDC.putCloseable("sid", sid)) {
                    pushed();
                }
            }, calls);
        }
    }

    /** Reads what the engine pushed and hands it to the front-end; a failure ends the session. */
    private void pushed() {
        synchronized (order) {
            readQueued = false;
        }
        if (ended.get() || finished) {
            return;
        }
        SessionResult answer;
        try {
            List<DataItem> outputs = read();
            if (outputs.isEmpty()) {
                return;
            }
            answer = SessionResult.of(sid, numbered(outputs));
        } catch (AigesException e) {
            end(e);
            return;
        }
        finished = answer.finished();
        hand(answer);
        if (answer.finished()) {
            end(null);
        }
    }

    private void hand(SessionResult answer) {
        Consumer<SessionResult> listener = results;
        if (listener != null && !ended.get()) {
            try {
                listener.accept(answer);
            } catch (RuntimeException e) {
                log.warn("session {}: result listener failed: {}", sid, e.toString());
            }
        }
    }

    private SessionResult step(List<DataItem> frame, boolean last) {
        if (ended.get()) {
            throw AigesError.ENG_INACTIVE.exception("session " + sid + " has already ended");
        }
        try {
            engine.write(frame);
        } catch (WrapperException e) {
            throw WrapperErrors.of(e, AigesError.WRAPPER_WRITE);
        } catch (RuntimeException e) {
            throw WrapperErrors.ofBug(e, AigesError.WRAPPER_WRITE);
        }
        if (!last && !config.realTimeRlt()) {
            return SessionResult.of(sid, List.of());
        }
        List<DataItem> outputs = new ArrayList<>(read());
        if (!last) {
            return SessionResult.of(sid, numbered(outputs));
        }
        for (int poll = 0; poll < LAST_READ_POLLS && !hasLast(outputs) && !ended.get(); poll++) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            outputs.addAll(read());
        }
        // The client sent its last frame: the session is over whether or not the engine said so.
        return new SessionResult(sid, numbered(outputs), DataStatus.END, true);
    }

    /**
     * Each result carries its place in the session ({@code seq}) and its {@code status}, as the
     * original's, once checked against the declared outputs.
     */
    private List<DataItem> numbered(List<DataItem> outputs) {
        List<DataItem> out = new ArrayList<>(outputs.size());
        for (DataItem item : outputs) {
            Map<String, String> descriptors = new HashMap<>(item.descriptors());
            descriptors.put("seq", Integer.toString(seq++));
            descriptors.put("status", Integer.toString(item.status().wire()));
            out.add(item.withDescriptors(descriptors));
        }
        return OutputCheck.apply(out, declared);
    }

    private List<DataItem> read() {
        try {
            List<DataItem> out = engine.read();
            return out == null ? List.of() : out;
        } catch (WrapperException e) {
            throw WrapperErrors.of(e, AigesError.WRAPPER_READ);
        } catch (RuntimeException e) {
            throw WrapperErrors.ofBug(e, AigesError.WRAPPER_READ);
        }
    }

    private static boolean hasLast(List<DataItem> outputs) {
        return outputs.stream().anyMatch(item -> item.status().isLast());
    }

    /** The client went away or finished: end the session without an error. */
    public void close() {
        end(null);
    }

    /**
     * Ends the session once: stops its timers, forgets it, then destroys the engine session after
     * any call still running and returns the instance. {@code why} non-null means it was aborted.
     */
    void end(AigesException why) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        sessionDeadline.cancel(false);
        synchronized (order) {
            if (readDeadline != null) {
                readDeadline.cancel(false);
            }
        }
        table.remove(this);
        released.run();
        CompletableFuture<?> last;
        synchronized (order) {
            last = tail;
        }
        last.handle((answer, error) -> null).thenRunAsync(this::destroy, calls);
        if (why != null) {
            log.debug("session {} aborted: {}", sid, why.getMessage());
            try {
                onAbort.accept(why);
            } catch (RuntimeException e) {
                log.warn("session {}: abort listener failed: {}", sid, e.toString());
            }
        }
    }

    private void destroy() {
        try {
            engine.destroy();
        } catch (RuntimeException e) {
            log.warn("session {}: engine destroy failed: {}", sid, e.toString());
        } finally {
            lease.close();
        }
    }

    private void armReadDeadline() {
        synchronized (order) {
            if (readDeadline != null) {
                readDeadline.cancel(false);
            }
            readDeadline = timer.schedule(() -> end(AigesError.READ_TIMEOUT.exception("session " + sid + ": no frame for "
                    + config.readTimeout().toSeconds() + " s ([ws] readTimeout)")),
                    config.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
