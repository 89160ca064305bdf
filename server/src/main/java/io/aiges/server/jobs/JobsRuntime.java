package io.aiges.server.jobs;

import io.aiges.engine.jobs.Job;
import io.aiges.engine.jobs.JobQueue;
import io.aiges.engine.jobs.JobQueues;
import io.aiges.engine.jobs.JobWorkers;
import io.aiges.engine.jobs.JobsConfig;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.server.http.HttpJobCodec;
import io.aiges.server.http.JobWebhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The async jobs of one aiges process: the store {@code [jobs]} names, a set of workers per
 * service, and the completion webhook. With Redis, many processes share one store and each runs
 * whatever job comes next, so any of them can answer a job another accepted.
 */
public final class JobsRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobsRuntime.class);

    private final JobQueue queue;
    private final JobWebhook webhook;
    private final List<JobWorkers> workers = new ArrayList<>();
    /** Services that have workers; guarded by {@code workers}. */
    private final Set<String> names = new HashSet<>();
    private boolean stopped;

    private JobsRuntime(JobQueue queue, JobWebhook webhook) {
        this.queue = queue;
        this.webhook = webhook;
    }

    /** Opens the store; no job runs before {@link #startWorkers}. */
    public static JobsRuntime open(JobsConfig config) {
        JobQueue queue = JobQueues.open(config);
        JobWebhook webhook = config.webhook().isBlank() ? null : new JobWebhook(URI.create(config.webhook()));
        log.info("jobs: {} store{}", queue.backend(), webhook == null ? "" : ", webhook " + config.webhook());
        return new JobsRuntime(queue, webhook);
    }

    public JobQueue queue() {
        return queue;
    }

    /**
     * Starts taking jobs for every service (once the front-ends listen, so the process is whole),
     * and for every service served later under a new name (a model loaded through the repository).
     */
    public void startWorkers(ServiceRegistry registry, long maxBodyBytes) {
        Consumer<Job> answered = webhook == null ? job -> { } : webhook;
        HttpJobCodec codec = new HttpJobCodec(maxBodyBytes);
        Consumer<Service> start = service -> {
            synchronized (workers) {
                if (stopped || !names.add(service.name())) {
                    return; // a reload: the workers there already reach the new engine by name
                }
                // Jobs reach the service registered under the name when they run: a model reloaded
                // through the repository is a new Service, and the old one refuses work while it drains.
                workers.add(new JobWorkers(service, () -> registry.get(service.name()), queue, codec, answered).start());
            }
        };
        registry.all().forEach(start);
        registry.onServed(start);
    }

    /** Takes no more jobs: those waiting stay in the store for other processes. */
    public void stopTaking() {
        synchronized (workers) {
            stopped = true;
            workers.forEach(JobWorkers::stopTaking);
        }
    }

    /** Waits up to {@code deadline} for the jobs this process is running to be answered. */
    public void awaitRunning(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        List<JobWorkers> all;
        synchronized (workers) {
            all = List.copyOf(workers);
        }
        for (JobWorkers w : all) {
            w.stop(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
        }
    }

    @Override
    public void close() {
        synchronized (workers) {
            stopped = true;
            workers.forEach(JobWorkers::close);
        }
        try {
            queue.close();
        } finally {
            if (webhook != null) {
                webhook.close();
            }
        }
    }
}
