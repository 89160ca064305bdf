package io.aiges.plugin.c.isolated;

import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.DataItem;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One engine child process ({@link IsolatedHost}) and the calls in flight on it. Calls from any
 * number of threads are tagged by id and written whole under one lock; one reader thread
 * completes them as answers arrive, in whatever order the child finishes them. When the child's
 * stdout ends, the child is dead: every call in flight fails with 10109 and the reason (exit
 * status, signal, last stderr lines), and a child that had been ready is reported as crashed.
 */
final class EngineChild {
    private static final Logger log = LoggerFactory.getLogger(EngineChild.class);
    /** The code of calls lost to a dead child. */
    static final int CRASHED = 10109;
    /** The original's OnceTimeout: the caller gave up (its thread was interrupted). */
    private static final int ABANDONED = 10102;
    /** The child halts at most 5 s after its stdin ends (its wrapperFini bound), plus start-up slack. */
    private static final long EXIT_WAIT_MS = 6_000;
    private static final long STDERR_WAIT_MS = 2_000;

    private final String tag;
    private final Process process;
    private final DataOutputStream toChild;
    private final StderrLog stderr;
    private final Thread reader;
    private final Consumer<EngineChild> onCrash;
    private final ConcurrentMap<Long, Pending<?>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Ready> ready = new CompletableFuture<>();
    /** Why the child is gone, once it is; set before the calls in flight are failed. */
    private volatile String death;
    private volatile boolean closing;

    /** What the child said once the engine was open: its version, and whether it exports wrapperExecBatch. */
    record Ready(String version, boolean batches) {
    }

    /** A call waiting for its answer, and how the body of its RESULT reads. */
    private record Pending<T>(CompletableFuture<T> answer, Wire.Reader<T> result) {
        void answer(DataInputStream body) throws IOException {
            answer.complete(result.read(body));
        }
    }

    private EngineChild(String service, Process process, Consumer<EngineChild> onCrash) {
        this.tag = service + "-engine-" + process.pid();
        this.process = process;
        this.onCrash = onCrash;
        this.toChild = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
        this.stderr = new StderrLog(tag, process.getErrorStream());
        DataInputStream fromChild = new DataInputStream(new BufferedInputStream(process.getInputStream()));
        this.reader = Thread.ofPlatform().daemon().name(tag + "-reader").start(() -> read(fromChild));
    }

    /**
     * Starts a child JVM (this JVM's java binary and class path) and sends it the engine to open;
     * {@link #awaitReady()} tells how that went. {@code onCrash} hears of the child's death if it
     * was ready and not being closed.
     */
    static EngineChild start(EngineSpec spec, Consumer<EngineChild> onCrash) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Beside aiges.toml, as engines' other files; the JVM falls back to the temp folder if that is read-only.
        String errorFile = spec.baseDir().toAbsolutePath().resolve("aiges-engine-hs_err_pid%p.log").toString();
        List<String> command = List.of(java,
                "--enable-native-access=ALL-UNNAMED",
                // The JVM's own messages, and its fatal error summary, belong on stderr: stdout is the protocol.
                "-XX:+DisplayVMOutputToStderr", "-XX:-CreateCoredumpOnCrash", "-XX:ErrorFile=" + errorFile,
                "-cp", System.getProperty("java.class.path"), IsolatedHost.class.getName());
        EngineChild child = new EngineChild(spec.service(), new ProcessBuilder(command).start(), onCrash);
        log.info("engine {}: started isolated engine child {}", spec.service(), child.process.pid());
        child.send(0, Wire.OPEN, body -> {
            Wire.writeString(body, spec.service());
            Wire.writeString(body, spec.artefact() == null ? "" : spec.artefact());
            Wire.writeString(body, spec.baseDir().toAbsolutePath().toString());
            Wire.writeMap(body, spec.config());
            Wire.writeMap(body, spec.options());
        });
        return child;
    }

    /**
     * The engine's version and batch support once the child has opened it. Fails with the engine's own error when
     * opening failed there (10903, 10901), or with {@link #CRASHED} when the child died first.
     */
    Ready awaitReady() throws WrapperException, InterruptedException {
        try {
            return ready.get();
        } catch (ExecutionException e) {
            throw (WrapperException) e.getCause();
        }
    }

    long pid() {
        return process.pid();
    }

    /** False once the child is known dead and its calls have been failed. */
    boolean alive() {
        return death == null;
    }

    /** Calls sent and not yet answered. */
    int inFlight() {
        return pending.size();
    }

    /** Runs one one-shot request in the child and waits for its answer. */
    List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
        return call(Wire.ONCE, params.get("sid", ""), body -> {
            Wire.writeMap(body, params.values());
            Wire.writeItems(body, inputs);
        });
    }

    /** Runs a batch through the child's wrapperExecBatch: one outcome per request, or the whole call's failure. */
    List<BatchOutcome> onceBatch(List<BatchItem> batch) throws WrapperException {
        String sids = batch.stream().map(item -> item.params().get("sid", "")).collect(Collectors.joining(","));
        return call(ids.incrementAndGet(), Wire.ONCE_BATCH, sids, body -> Wire.writeBatch(body, batch), Wire::readOutcomes);
    }

    /** Opens a streaming session in the child; it lives and dies with this child. */
    IsolatedSession createSession(Params params) throws WrapperException {
        long id = ids.incrementAndGet();
        String sid = params.get("sid", "");
        call(Wire.CREATE, sid, id, body -> Wire.writeMap(body, params.values()));
        return new IsolatedSession(this, id, sid);
    }

    /** Sends one request ({@code op} with {@code body}) and waits for its answer: the outputs, none for DONE. */
    List<DataItem> call(byte op, String sid, Wire.Body body) throws WrapperException {
        return call(op, sid, ids.incrementAndGet(), body);
    }

    private List<DataItem> call(byte op, String sid, long id, Wire.Body body) throws WrapperException {
        List<DataItem> outputs = call(id, op, sid, body, Wire::readItems);
        return outputs == null ? List.of() : outputs; // DONE
    }

    /** Sends one request and waits for its answer: what {@code result} reads from its RESULT, null for DONE. */
    private <T> T call(long id, byte op, String sid, Wire.Body body, Wire.Reader<T> result) throws WrapperException {
        CompletableFuture<T> answer = new CompletableFuture<>();
        pending.put(id, new Pending<>(answer, result));
        // Checked after registering: either the reader's sweep sees this call, or this sees the death.
        String dead = death;
        if (dead != null) {
            pending.remove(id);
            throw new WrapperException(CRASHED, dead);
        }
        send(id, op, body);
        try {
            return answer.get();
        } catch (InterruptedException e) {
            // The child's call runs on; its late answer finds no id here and is dropped.
            pending.remove(id);
            Thread.currentThread().interrupt();
            throw new WrapperException(ABANDONED, "request " + sid + " abandoned (interrupted) "
                    + "while isolated engine child " + process.pid() + " still ran it");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WrapperException failure) {
                throw failure;
            }
            throw new IllegalStateException("isolated engine call failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Ends the child: its stdin closes, so it runs wrapperFini and exits; one that does not exit
     * in time is killed. Calls still in flight fail.
     */
    void close() {
        closing = true;
        try {
            synchronized (toChild) {
                toChild.close();
            }
        } catch (IOException e) {
            log.debug("[{}] closing stdin: {}", tag, e.toString());
        }
        try {
            if (!process.waitFor(EXIT_WAIT_MS, TimeUnit.MILLISECONDS)) {
                log.warn("[{}] did not exit after its stdin closed: killed", tag);
                process.destroyForcibly().waitFor();
            }
            reader.join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** One whole frame under the writer lock. A broken pipe means the child is dying: the reader then fails the call. */
    private void send(long id, byte op, Wire.Body body) {
        byte[] frame = Wire.frame(id, op, body);
        synchronized (toChild) {
            try {
                toChild.write(frame);
                toChild.flush();
            } catch (IOException e) {
                log.debug("[{}] cannot write to the child: {}", tag, e.toString());
                // A child that stopped reading but lives on would leave the call waiting forever.
                process.destroyForcibly();
            }
        }
    }

    private void read(DataInputStream fromChild) {
        try (fromChild) {
            for (Wire.Frame frame = Wire.read(fromChild); frame != null; frame = Wire.read(fromChild)) {
                dispatch(frame);
            }
        } catch (IOException e) {
            endUnreadable(e);
        }
        died();
    }

    /**
     * A frame could not be read. A child dying mid-frame is a crash like any other and gets a
     * moment to exit by itself, so its own exit status tells why; one that lives on with a broken
     * protocol is of no use and is killed.
     */
    private void endUnreadable(IOException e) {
        if (closing) {
            return;
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                log.warn("[{}] protocol broken, killing the child: {}", tag, e.toString());
                process.destroyForcibly();
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(Wire.Frame frame) throws IOException {
        switch (frame.op()) {
            case Wire.READY -> ready.complete(new Ready(Wire.readString(frame.body()), frame.body().readBoolean()));
            case Wire.OPEN_FAILED -> ready.completeExceptionally(failure(frame));
            case Wire.RESULT, Wire.DONE, Wire.FAILURE, Wire.BUG -> {
                Pending<?> call = pending.remove(frame.id());
                if (call == null) {
                    log.debug("[{}] late answer to abandoned call {} dropped", tag, frame.id());
                    return;
                }
                switch (frame.op()) {
                    case Wire.RESULT -> call.answer(frame.body());
                    case Wire.DONE -> call.answer().complete(null);
                    case Wire.FAILURE -> call.answer().completeExceptionally(failure(frame));
                    default -> call.answer().completeExceptionally(new IllegalStateException(Wire.readString(frame.body())));
                }
            }
            default -> throw new IOException("unexpected frame op " + frame.op());
        }
    }

    private static WrapperException failure(Wire.Frame frame) throws IOException {
        int code = frame.body().readInt();
        return new WrapperException(code, Wire.readString(frame.body()));
    }

    /** The child's stdout ended: collects why, then fails everything still waiting on it. */
    private void died() {
        boolean wasReady = ready.isDone() && !ready.isCompletedExceptionally();
        String reason;
        try {
            if (!process.waitFor(EXIT_WAIT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(); // stdout closed but alive: no use to anyone
            }
            stderr.drain(STDERR_WAIT_MS);
            reason = closing ? "isolated engine child " + process.pid() + " was closed"
                    : ChildExit.describe(process.pid(), process.exitValue(), stderr.lastLines());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            reason = "isolated engine child " + process.pid() + " lost";
        }
        death = reason;
        ready.completeExceptionally(new WrapperException(CRASHED, reason));
        for (Long id : List.copyOf(pending.keySet())) {
            Pending<?> call = pending.remove(id);
            if (call != null) {
                call.answer().completeExceptionally(new WrapperException(CRASHED, reason));
            }
        }
        if (wasReady && !closing) {
            onCrash.accept(this);
        }
    }

    /** Why the child is gone, once it is. */
    String death() {
        return death;
    }
}
