package io.aiges.engine.jobs;

/**
 * A job store backend, found with {@link java.util.ServiceLoader}: the engine has the in-process
 * one; modules such as jobs-redis add theirs by being on the class path.
 */
public interface JobQueueFactory {
    /** The {@code [jobs] backend} name this factory serves. */
    String backend();

    JobQueue open(JobsConfig config);
}
