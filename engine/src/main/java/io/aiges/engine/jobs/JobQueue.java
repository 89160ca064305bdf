package io.aiges.engine.jobs;

import java.time.Duration;
import java.util.Optional;

/**
 * Where jobs wait to run and their answers are kept for a while. Front-ends {@link #submit} and
 * {@link #find}; {@link JobWorkers} {@link #take} and {@link #finish}. A store shared by many
 * processes may hand the same job out again when the process running it dies; {@link #finish}
 * records only the first answer, so a job is answered once.
 *
 * <pre>{@code
 * Job job = queue.submit("svcName", body);          // 202 + job.id()
 * queue.find(job.id()).map(Job::state);             // queued, running, done or failed
 * }</pre>
 */
public interface JobQueue extends AutoCloseable {

    /** The backend's name, for logs: memory, redis. */
    String backend();

    /**
     * Accepts a request to run later. Throws {@link io.aiges.engine.AigesException}: 10009 when
     * the request is over the payload limit, 10110 when too many jobs wait, "unavailable" when the
     * store cannot be reached.
     */
    Job submit(String service, byte[] request);

    /** The job as it is now; empty when unknown or its answer has expired. */
    Optional<Job> find(String id);

    /**
     * The next job of {@code service} for this process, marked running, waiting up to
     * {@code wait}; empty when none came. A job taken more often than the configured attempts
     * comes back already {@link JobState#FAILED} (dead-lettered): it must not run again.
     */
    Optional<Job> take(String service, Duration wait) throws InterruptedException;

    /**
     * Records a taken job's answer unless one was recorded before (by this or another process).
     *
     * @return the answered job when this call recorded it, empty when it was answered already
     */
    Optional<Job> finish(Job job, int code, String message, byte[] answer);

    /** Puts a taken job back for any process to run (this one was busy or is stopping). */
    void retry(Job job, int code, String message);

    /** Jobs of {@code service} waiting or running, for metrics and autoscaling. */
    long pending(String service);

    @Override
    void close();
}
