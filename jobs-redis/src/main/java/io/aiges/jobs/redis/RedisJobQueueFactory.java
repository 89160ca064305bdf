package io.aiges.jobs.redis;

import io.aiges.engine.jobs.JobQueue;
import io.aiges.engine.jobs.JobQueueFactory;
import io.aiges.engine.jobs.JobsConfig;

/** {@code [jobs] backend = "redis"}. */
public final class RedisJobQueueFactory implements JobQueueFactory {
    @Override
    public String backend() {
        return JobsConfig.REDIS;
    }

    @Override
    public JobQueue open(JobsConfig config) {
        return RedisJobQueue.open(config);
    }
}
