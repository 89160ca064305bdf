package io.aiges.engine.jobs;

import io.aiges.engine.AigesError;

/** The checks and messages every job store shares. */
public final class JobLimits {
    private JobLimits() {
    }

    /** 10009 when the request is over {@code [jobs] maxPayload}. */
    public static void checkPayload(byte[] request, JobsConfig config) {
        if (request.length > config.maxPayloadBytes()) {
            throw AigesError.INVALID_DATA.exception("the job's request is " + request.length
                    + " bytes, over the limit of " + config.maxPayloadBytes()
                    + " bytes ([jobs] maxPayload); send large inputs as direct requests");
        }
    }

    /** Why a job went to the dead letters, with the last reason it did not run if there was one. */
    public static String deadLetterMessage(Job job, JobsConfig config) {
        String last = job.message() == null ? "its process died or did not answer within [jobs] claimTimeout = "
                + config.claimTimeout().toMillis() + " ms" : "last: " + job.message();
        return "job " + job.id() + " was taken " + config.maxAttempts() + " times without an answer ([jobs] maxAttempts); "
                + last;
    }
}
