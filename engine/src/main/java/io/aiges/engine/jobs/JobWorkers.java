package io.aiges.engine.jobs;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.OnceResult;
import io.aiges.engine.service.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The threads that run one service's jobs: as many as its licence, so jobs never wait for an
 * instance longer than direct requests do. Each takes a job, runs it through
 * {@link Service#once} (licence, timeouts and checks as for a direct request) and records the
 * answer. A job refused because the service is busy or draining goes back for any process.
 */
public final class JobWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobWorkers.class);
    /** How long one take waits before it looks whether it should stop. */
    private static final Duration POLL = Duration.ofMillis(500);
    /** After a job was put back because the service was busy: give the instances a moment. */
    private static final long BUSY_PAUSE_MS = 50;

    private final Service service;
    /** The service as served now: a model reloaded at run time is a new {@link Service} under the same name. */
    private final Supplier<Service> current;
    private final JobQueue queue;
    private final JobCodec codec;
    private final Consumer<Job> answered;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean taking = true;

    /**
     * @param answered called once for every job this process answered (for the completion webhook)
     */
    public JobWorkers(Service service, JobQueue queue, JobCodec codec, Consumer<Job> answered) {
        this(service, () -> service, queue, codec, answered);
    }

    /**
     * @param current  the service serving {@code service}'s name when a job runs (a registry lookup), so
     *                 jobs follow a model that is reloaded; a lookup that fails fails the job with its code
     * @param answered called once for every job this process answered (for the completion webhook)
     */
    public JobWorkers(Service service, Supplier<Service> current, JobQueue queue, JobCodec codec,
                      Consumer<Job> answered) {
        this.service = service;
        this.current = current;
        this.queue = queue;
        this.codec = codec;
        this.answered = answered;
    }

    /** Starts one worker per licence. */
    public JobWorkers start() {
        int count = service.config().pool().licence();
        for (int i = 0; i < count; i++) {
            threads.add(Thread.ofPlatform().name("aiges-jobs-" + service.name() + "-" + i).daemon(true)
                    .start(this::work));
        }
        return this;
    }

    /** Takes no more jobs (they stay queued for other processes); jobs running go on to their answer. */
    public void stopTaking() {
        taking = false;
    }

    private void work() {
        while (taking) {
            try {
                Optional<Job> job = queue.take(service.name(), POLL);
                if (job.isEmpty()) {
                    continue;
                }
                if (job.get().state().isFinal()) {
                    // Dead-lettered while being taken: answered (failed) now.
                    answered.accept(job.get());
                } else {
                    run(job.get());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!taking) {
                    return;
                }
                // The store is unreachable (Redis restarting, say): keep trying, without spinning.
                log.warn("service {}: taking a job failed: {}", service.name(), e.toString());
                pause(POLL.toMillis());
            }
        }
    }

    private void run(Job job) {
        OnceResult result;
        try {
            OnceRequest request = codec.decode(service.name(), job.id(), job.request());
            result = current.get().once(request).join();
        } catch (CompletionException | AigesException e) {
            AigesException failure = AigesException.unwrap(e);
            AigesError.Kind kind = failure.error().kind();
            if (kind == AigesError.Kind.BUSY || kind == AigesError.Kind.UNAVAILABLE) {
                queue.retry(job, failure.code(), failure.getMessage());
                pause(BUSY_PAUSE_MS);
            } else {
                record(job, failure.code(), failure.getMessage(), null);
            }
            return;
        }
        record(job, 0, AigesError.SUCCESS.message(), codec.encode(result));
    }

    private void record(Job job, int code, String message, byte[] answer) {
        queue.finish(job, code, message, answer).ifPresent(answered);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking and waits up to {@code deadline} for the jobs running to be answered. */
    public void stop(Duration deadline) throws InterruptedException {
        stopTaking();
        long end = System.nanoTime() + deadline.toNanos();
        for (Thread thread : threads) {
            long left = Math.max(1, (end - System.nanoTime()) / 1_000_000);
            thread.join(left);
        }
    }

    @Override
    public void close() {
        stopTaking();
        threads.forEach(Thread::interrupt);
    }
}
