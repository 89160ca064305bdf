package io.aiges.engine.jobs;

import io.aiges.engine.AigesError;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The embedded job store: jobs live in this process and die with it. Bounded: at most
 * {@code maxJobs} jobs known at once (waiting, running and answered but not yet expired), and
 * answers are dropped {@code resultTtl} after they were recorded.
 */
final class InProcessJobQueue implements JobQueue {
    private final JobsConfig config;
    private final Clock clock;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<String>> waiting = new ConcurrentHashMap<>();
    /** Answered jobs in the order they were answered, which with one TTL is the order they expire. */
    private final ConcurrentLinkedQueue<Expiry> expiries = new ConcurrentLinkedQueue<>();

    private record Expiry(String id, Instant at) {
    }

    InProcessJobQueue(JobsConfig config) {
        this(config, Clock.systemUTC());
    }

    InProcessJobQueue(JobsConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String backend() {
        return JobsConfig.MEMORY;
    }

    @Override
    public Job submit(String service, byte[] request) {
        JobLimits.checkPayload(request, config);
        expire();
        if (jobs.size() >= config.maxJobs()) {
            throw AigesError.JOB_QUEUE_FULL.exception("this process already holds " + jobs.size()
                    + " jobs ([jobs] maxJobs = " + config.maxJobs() + "); retry later");
        }
        Job job = Job.queued(UUID.randomUUID().toString(), service, request, clock.instant());
        jobs.put(job.id(), job);
        queueOf(service).add(job.id());
        return job;
    }

    @Override
    public Optional<Job> find(String id) {
        expire();
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public Optional<Job> take(String service, Duration wait) throws InterruptedException {
        String id = queueOf(service).poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (id == null) {
            return Optional.empty();
        }
        Job taken = jobs.computeIfPresent(id, (key, job) -> job.state() == JobState.QUEUED
                ? job.running(clock.instant(), null) : job);
        if (taken == null || taken.state() != JobState.RUNNING) {
            return Optional.empty();
        }
        if (taken.attempts() > config.maxAttempts()) {
            return finish(taken, taken.code() != 0 ? taken.code() : AigesError.CRASH.code(),
                    JobLimits.deadLetterMessage(taken, config));
        }
        return Optional.of(taken);
    }

    private Optional<Job> finish(Job job, int code, String message) {
        return finish(job, code, message, null);
    }

    @Override
    public Optional<Job> finish(Job job, int code, String message, byte[] answer) {
        Job[] recorded = {null};
        jobs.computeIfPresent(job.id(), (key, current) -> {
            if (current.state().isFinal()) {
                return current;
            }
            recorded[0] = current.finished(clock.instant(), code, message, answer);
            return recorded[0];
        });
        if (recorded[0] != null) {
            expiries.add(new Expiry(job.id(), recorded[0].finished().plus(config.resultTtl())));
        }
        return Optional.ofNullable(recorded[0]);
    }

    @Override
    public void retry(Job job, int code, String message) {
        Job requeued = jobs.computeIfPresent(job.id(), (key, current) -> current.state() == JobState.RUNNING
                ? current.requeued(code, message) : current);
        if (requeued != null && requeued.state() == JobState.QUEUED) {
            queueOf(job.service()).add(job.id());
        }
    }

    @Override
    public long pending(String service) {
        return jobs.values().stream().filter(j -> j.service().equals(service) && !j.state().isFinal()).count();
    }

    private BlockingQueue<String> queueOf(String service) {
        // Unbounded itself: maxJobs bounds everything this store holds.
        return waiting.computeIfAbsent(service, s -> new LinkedBlockingQueue<>());
    }

    private void expire() {
        Instant now = clock.instant();
        for (Expiry head = expiries.peek(); head != null && !head.at().isAfter(now); head = expiries.peek()) {
            if (expiries.remove(head)) {
                jobs.remove(head.id());
            }
        }
    }

    @Override
    public void close() {
        jobs.clear();
        waiting.clear();
    }
}
