package io.aiges.engine.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * A one-shot request run later, as a {@link JobQueue} hands it out and reports it.
 *
 * @param id        the job id, also the request's sid when it runs
 * @param service   the service that runs it
 * @param request   the request as the client sent it (the front-end's encoding); null once answered
 * @param state     queued, running, done or failed
 * @param submitted when it was accepted
 * @param started   when it last started running; null before
 * @param finished  when it was answered; null before
 * @param attempts  how often it was taken to run (more than once after a process died or was busy)
 * @param code      0 when done; the AIGES error code when failed
 * @param message   "success", or the error message a user can act on
 * @param answer    when done, the answer as the front-end encoded it (the same body a direct request gets)
 * @param delivery  the store's handle for this delivery of the job (a stream entry id), or null
 */
public record Job(String id, String service, byte[] request, JobState state, Instant submitted, Instant started,
                  Instant finished, int attempts, int code, String message, byte[] answer, String delivery) {
    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(submitted, "submitted");
    }

    /** A job just accepted. */
    public static Job queued(String id, String service, byte[] request, Instant now) {
        return new Job(id, service, request, JobState.QUEUED, now, null, null, 0, 0, null, null, null);
    }

    /** This job taken to run once more; it keeps why an earlier attempt did not run, for the dead-letter report. */
    public Job running(Instant now, String delivery) {
        return new Job(id, service, request, JobState.RUNNING, submitted, now, null, attempts + 1, code, message, null,
                delivery);
    }

    /** This job put back to wait, keeping why it could not run for the report if it never does. */
    public Job requeued(int lastCode, String lastMessage) {
        return new Job(id, service, request, JobState.QUEUED, submitted, started, null, attempts, lastCode, lastMessage,
                null, null);
    }

    /** This job answered; the request is dropped, only the answer is kept. */
    public Job finished(Instant now, int code, String message, byte[] answer) {
        return new Job(id, service, null, code == 0 ? JobState.DONE : JobState.FAILED, submitted, started, now, attempts,
                code, message, answer, delivery);
    }
}
