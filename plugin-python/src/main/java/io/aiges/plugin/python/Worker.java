package io.aiges.plugin.python;

import io.aiges.api.ErrorCodes;
import io.aiges.api.WrapperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One Python worker process serving one {@code Wrapper()}: requests go down its stdin, answers
 * come up its stdout, and its stderr (where the wrapper's {@code print} and logging end up) goes
 * to the log tagged with the worker id.
 *
 * <p>One call at a time. Answers are read by a thread of the worker's own, so a caller waits on
 * a queue and can be interrupted (the request timeout does that); an interrupted or orphaned
 * call kills the process, because its answer can no longer be matched to a request.
 */
final class Worker {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    /** The wrappers' own output, under a name of its own so it can be routed apart. */
    private static final Logger output = LoggerFactory.getLogger("aiges.python");
    /** Marks the end of the answers: the process closed its stdout, so it is gone. */
    private static final byte[] ENDED = new byte[0];
    private static final Duration EXIT_WAIT = Duration.ofSeconds(2);

    private final String id;
    private final Process process;
    private final OutputStream requests;
    /** At most one answer is outstanding, plus the end marker. */
    private final BlockingQueue<byte[]> answers = new ArrayBlockingQueue<>(2);
    private volatile boolean broken;

    private Worker(String id, Process process) {
        this.id = id + " pid " + process.pid();
        this.process = process;
        this.requests = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        Thread.ofPlatform().daemon(true).name("aiges-" + id + "-answers").start(this::readAnswers);
        Thread.ofPlatform().daemon(true).name("aiges-" + id + "-stderr").start(this::pumpOutput);
    }

    /**
     * Takes over a started process and waits for its first message, which says whether the
     * wrapper loaded. The process is killed when it did not, or did not say within the limit.
     */
    static Worker attach(String id, Process process, StartLimit limit) throws WrapperException, InterruptedException {
        Worker worker = new Worker(id, process);
        try {
            byte[] loaded = worker.answers.poll(limit.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (loaded == null) {
                throw limit.exceeded(worker.id, "importing it and constructing Wrapper()");
            }
            if (loaded == ENDED) {
                WrapperException gone = worker.died("before the wrapper was loaded");
                throw new WrapperException(PythonErrors.LOAD, gone.getMessage());
            }
            worker.answer(loaded);
            return worker;
        } catch (WrapperException | InterruptedException | RuntimeException e) {
            worker.kill();
            throw e;
        }
    }

    long pid() {
        return process.pid();
    }

    /** False once the process died or was killed: the next call needs a new worker. */
    boolean usable() {
        return !broken && process.isAlive();
    }

    /**
     * Sends one request and waits for its answer. Fails with the wrapper's own code and message,
     * with 10109 when the process dies on the way, or 10102 when the calling thread is
     * interrupted (the worker is then killed).
     */
    MessageReader call(MessageWriter request) throws WrapperException {
        return call(request, null);
    }

    /**
     * As {@link #call(MessageWriter)}, but waits at most {@code limit} for the answer: after it
     * the worker is killed and the call fails with 10102, as when interrupted.
     */
    MessageReader call(MessageWriter request, Duration limit) throws WrapperException {
        return call(request, limit, () -> new WrapperException(PythonErrors.TIMEOUT, "python worker " + id
                + " did not answer within " + limit.toMillis() + " ms and was killed; a new worker will take its place"));
    }

    /** As {@link #call(MessageWriter, Duration)} for a step of the worker's start: the failure names the wrapper. */
    MessageReader startStep(MessageWriter request, StartLimit limit, String step) throws WrapperException {
        return call(request, limit.timeout(), () -> limit.exceeded(id, step));
    }

    private MessageReader call(MessageWriter request, Duration limit, Supplier<WrapperException> late)
            throws WrapperException {
        if (broken) {
            throw new WrapperException(PythonErrors.CRASH, "python worker " + id + " is gone");
        }
        if (request.length() > MessageWriter.MAX_MESSAGE) {
            throw new WrapperException(ErrorCodes.INVALID_DATA, "a request of " + request.length()
                    + " bytes is over the 4 GiB a python worker call carries");
        }
        try {
            request.writeTo(requests);
        } catch (IOException e) {
            throw died("mid-call");
        }
        try {
            byte[] message = limit == null ? answers.take() : answers.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                kill();
                throw late.get();
            }
            return answer(message);
        } catch (InterruptedException e) {
            // The interrupt is answered in full here: the call ends and the worker is gone. The
            // flag is not kept, so the thread (the pool may start a replacement on it) can go on.
            kill();
            throw new WrapperException(PythonErrors.TIMEOUT, "python worker " + id
                    + " was stopped mid-call (request timeout or shutdown); a new worker will take its place");
        }
    }

    private MessageReader answer(byte[] message) throws WrapperException {
        if (message == ENDED) {
            throw died("mid-call");
        }
        MessageReader reader = new MessageReader(message, 1);
        return switch (message[0]) {
            case WorkerProtocol.OK -> reader;
            case WorkerProtocol.ERROR -> throw new WrapperException(reader.i32(), reader.string());
            default -> {
                kill();
                throw new WrapperException(PythonErrors.CRASH, "python worker " + id
                        + " broke the protocol (answer kind " + message[0] + "); it was killed");
            }
        };
    }

    /** Why the process is gone, once it is: its exit code or the signal that ended it. */
    private WrapperException died(String when) {
        broken = true;
        String how;
        try {
            if (process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                int code = process.exitValue();
                // Java reports death by signal N as exit code 128 + N.
                how = code > 128 ? "killed by signal " + (code - 128) + PythonErrors.signalName(code - 128)
                        : "exited with code " + code;
            } else {
                process.destroyForcibly();
                how = "closed its pipe and was killed";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            how = "closed its pipe and was killed";
        }
        return new WrapperException(PythonErrors.CRASH, "python worker " + id + " died " + when + ": " + how
                + " (its last output is in the log under aiges.python)");
    }

    /** Asks the wrapper to finish ({@code wrapperFini}), then ends the process. */
    void finish() {
        if (usable()) {
            try {
                WorkerProtocol.fini().writeTo(requests);
                byte[] message = answers.poll(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (message != null && message != ENDED && message[0] == WorkerProtocol.ERROR) {
                    MessageReader reader = new MessageReader(message, 1);
                    log.warn("python worker {}: fini failed with code {}: {}", id, reader.i32(), reader.string());
                }
            } catch (IOException e) {
                log.debug("python worker {} was gone before fini: {}", id, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dismiss();
    }

    /** Closes the worker's stdin, which ends it, and kills it if it does not end in time. */
    void dismiss() {
        broken = true;
        closeRequests();
        try {
            if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Ends the process now. */
    void kill() {
        broken = true;
        process.destroyForcibly();
        closeRequests();
    }

    private void closeRequests() {
        try {
            requests.close();
        } catch (IOException e) {
            // The pipe is already broken: the process is gone, which is what closing wants.
            log.debug("python worker {}: closing stdin: {}", id, e.toString());
        }
    }

    private void readAnswers() {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16))) {
            while (true) {
                int length = in.readInt();
                if (length <= 0) {
                    log.error("python worker {} sent a message of {} bytes; killing it", id,
                            Integer.toUnsignedString(length));
                    kill();
                    break;
                }
                byte[] message = new byte[length];
                in.readFully(message);
                if (!answers.offer(message)) {
                    log.error("python worker {} answered what was not asked; killing it", id);
                    kill();
                    break;
                }
            }
        } catch (EOFException e) {
            // The process closed its stdout: it ended.
        } catch (IOException e) {
            log.debug("python worker {}: reading answers: {}", id, e.toString());
        } finally {
            broken = true;
            answers.offer(ENDED);
        }
    }

    private void pumpOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            lines.lines().forEach(line -> output.info("[{}] {}", id, line));
        } catch (IOException | UncheckedIOException e) {
            log.debug("python worker {}: reading its output: {}", id, e.toString());
        }
    }
}
