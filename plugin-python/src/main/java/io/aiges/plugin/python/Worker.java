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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One Python worker process serving one {@code Wrapper()}: requests go down its stdin, answers
 * come up its stdout, and its stderr (where the wrapper's {@code print} and logging end up) goes
 * to the log tagged with the worker id.
 *
 * <p>One call at a time. A thread of the worker's own waits for each answer's length, so a
 * caller waits on a queue and can be interrupted (the request timeout does that); an interrupted
 * or orphaned call kills the process, because its answer can no longer be matched to a request.
 * The answer's bytes are then read out of the pipe by the caller itself, which knows what it
 * asked for: item data goes straight into the item's own array, one copy in all, while the
 * answers thread waits until the message has been read to its end.
 */
final class Worker {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    /** The wrappers' own output, under a name of its own so it can be routed apart. */
    private static final Logger output = LoggerFactory.getLogger("aiges.python");
    /** Marks the end of the answers: the process closed its stdout, so it is gone. */
    private static final Object ENDED = new Object();
    /** A caller that asked for nothing in the answer. */
    private static final AnswerReader<Void> NOTHING = answer -> null;
    private static final Duration EXIT_WAIT = Duration.ofSeconds(2);

    private final String id;
    private final Process process;
    private final OutputStream requests;
    private final DataInputStream answerPipe;
    /** At most one answer is outstanding ({@link Pending}), plus the end marker. */
    private final BlockingQueue<Object> answers = new ArrayBlockingQueue<>(2);
    /** Released by the caller once it has read an answer to its end: the answers thread reads on. */
    private final Semaphore readOn = new Semaphore(0);
    private volatile boolean broken;

    private Worker(String id, Process process) {
        this.id = id + " pid " + process.pid();
        this.process = process;
        this.requests = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.answerPipe = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
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
            Object loaded = worker.answers.poll(limit.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (loaded == null) {
                throw limit.exceeded(worker.id, "importing it and constructing Wrapper()");
            }
            if (loaded == ENDED) {
                WrapperException gone = worker.died("before the wrapper was loaded");
                throw new WrapperException(PythonErrors.LOAD, gone.getMessage());
            }
            worker.answer(loaded, NOTHING);
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
    <T> T call(MessageWriter request, AnswerReader<T> reader) throws WrapperException {
        return call(request, null, reader);
    }

    /** As {@link #call(MessageWriter, AnswerReader)} for a call whose answer carries nothing. */
    void call(MessageWriter request) throws WrapperException {
        call(request, NOTHING);
    }

    /**
     * As {@link #call(MessageWriter)}, but waits at most {@code limit} for the answer: after it
     * the worker is killed and the call fails with 10102, as when interrupted.
     */
    <T> T call(MessageWriter request, Duration limit, AnswerReader<T> reader) throws WrapperException {
        return call(request, limit, reader, () -> new WrapperException(PythonErrors.TIMEOUT, "python worker " + id
                + " did not answer within " + limit.toMillis() + " ms and was killed; a new worker will take its place"));
    }

    /** As {@link #call(MessageWriter, Duration)} for a step of the worker's start: the failure names the wrapper. */
    void startStep(MessageWriter request, StartLimit limit, String step) throws WrapperException {
        call(request, limit.timeout(), NOTHING, () -> limit.exceeded(id, step));
    }

    private <T> T call(MessageWriter request, Duration limit, AnswerReader<T> reader, Supplier<WrapperException> late)
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
            Object message = limit == null ? answers.take() : answers.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                kill();
                throw late.get();
            }
            return answer(message, reader);
        } catch (InterruptedException e) {
            // The interrupt is answered in full here: the call ends and the worker is gone. The
            // flag is not kept, so the thread (the pool may start a replacement on it) can go on.
            kill();
            throw new WrapperException(PythonErrors.TIMEOUT, "python worker " + id
                    + " was stopped mid-call (request timeout or shutdown); a new worker will take its place");
        }
    }

    /** Reads an answer out of the pipe: the wrapper's failure, or what {@code reader} makes of it. */
    private <T> T answer(Object message, AnswerReader<T> reader) throws WrapperException {
        if (message == ENDED) {
            throw died("mid-call");
        }
        MessageReader answer = new MessageReader(answerPipe, ((Pending) message).length());
        try {
            int kind = answer.u8();
            return switch (kind) {
                case WorkerProtocol.OK -> reader.read(answer);
                case WorkerProtocol.ERROR -> throw new WrapperException(answer.i32(), answer.string());
                default -> throw brokeProtocol("answer kind " + kind);
            };
        } catch (UncheckedIOException e) {
            throw died("mid-answer");
        } catch (IllegalStateException e) {
            throw brokeProtocol(e.getMessage());
        } finally {
            readToEnd(answer);
        }
    }

    /** Skips what the caller left unread of an answer and lets the answers thread read on. */
    private void readToEnd(MessageReader answer) {
        if (!broken) {
            try {
                answer.skipRest();
            } catch (IOException e) {
                broken = true; // the process is going: the answers thread reads its end of file
            }
        }
        readOn.release();
    }

    private WrapperException brokeProtocol(String what) {
        kill();
        return new WrapperException(PythonErrors.CRASH, "python worker " + id + " broke the protocol (" + what
                + "); it was killed");
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
                Object message = answers.poll(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (message != null && message != ENDED) {
                    answer(message, NOTHING);
                }
            } catch (WrapperException e) {
                log.warn("python worker {}: fini failed: {}", id, e.getMessage());
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
        try {
            while (true) {
                int length = answerPipe.readInt();
                if (length <= 0) {
                    log.error("python worker {} sent a message of {} bytes; killing it", id,
                            Integer.toUnsignedString(length));
                    kill();
                    break;
                }
                if (!answers.offer(new Pending(length))) {
                    log.error("python worker {} answered what was not asked; killing it", id);
                    kill();
                    break;
                }
                // The caller reads the message itself; once the worker is killed nobody may, and the
                // process's end is near, so this thread stops waiting then.
                while (!readOn.tryAcquire(1, TimeUnit.SECONDS)) {
                    if (broken) {
                        return;
                    }
                }
            }
        } catch (EOFException e) {
            // The process closed its stdout: it ended.
        } catch (IOException e) {
            log.debug("python worker {}: reading answers: {}", id, e.toString());
        } catch (InterruptedException e) {
            log.debug("python worker {}: answers thread interrupted", id);
        } finally {
            broken = true;
            answers.offer(ENDED);
        }
    }

    /** Reads one answer of the worker into what its caller wants. */
    @FunctionalInterface
    interface AnswerReader<T> {
        T read(MessageReader answer) throws WrapperException;
    }

    /** An answer whose length has been read and whose bytes wait in the pipe for the caller. */
    private record Pending(int length) {
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
