package io.aiges.jobs.redis;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.jobs.Job;
import io.aiges.engine.jobs.JobQueue;
import io.aiges.engine.jobs.JobQueues;
import io.aiges.engine.jobs.JobState;
import io.aiges.engine.jobs.JobsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Redis Streams store against a real redis-server: reclaim, answered once, dead letters, bounds. */
class RedisJobQueueTest {
    private static final Duration CLAIM = Duration.ofMillis(400);
    private static final Duration WAIT = Duration.ofMillis(100);

    @TempDir
    static Path dir;
    private static RedisServer redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> inspect;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start(dir.resolve("redis"));
        client = RedisClient.create(redis.uri());
        inspect = client.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        inspect.close();
        client.shutdown();
        redis.close();
    }

    private static JobsConfig config(int maxJobs, long maxPayload, int maxAttempts) {
        return new JobsConfig(JobsConfig.REDIS, redis.uri(), maxJobs, maxPayload, Duration.ofMinutes(10), CLAIM,
                maxAttempts, "");
    }

    private static JobQueue open(JobsConfig config) {
        return JobQueues.open(config);
    }

    /** A service name of its own per test, so tests share the server but no stream. */
    private static String service() {
        return "svc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Takes until a job comes (the first take may only look for abandoned jobs). */
    private static Job takeOne(JobQueue queue, String service, Duration within) throws Exception {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            Optional<Job> job = queue.take(service, WAIT);
            if (job.isPresent()) {
                return job.get();
            }
        }
        throw new AssertionError("no job of " + service + " within " + within);
    }

    @Test
    void aJobIsTakenOnceAnsweredOnceAndItsAnswerExpires() throws Exception {
        String service = service();
        try (JobQueue a = open(config(100, 1000, 3)); JobQueue b = open(config(100, 1000, 3))) {
            Job submitted = a.submit(service, body("{\"x\":1}"));
            assertThat(b.find(submitted.id())).get().extracting(Job::state).isEqualTo(JobState.QUEUED);

            Job taken = takeOne(b, service, Duration.ofSeconds(2));
            assertThat(taken.id()).isEqualTo(submitted.id());
            assertThat(new String(taken.request(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
            assertThat(a.take(service, WAIT)).as("one consumer group: nobody else gets it").isEmpty();
            assertThat(a.find(submitted.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);

            assertThat(b.finish(taken, 0, "success", body("answer"))).isPresent();
            assertThat(a.finish(taken, 0, "success", body("again"))).as("answered once").isEmpty();
            Job done = a.find(submitted.id()).orElseThrow();
            assertThat(done.state()).isEqualTo(JobState.DONE);
            assertThat(new String(done.answer(), StandardCharsets.UTF_8)).isEqualTo("answer");
            assertThat(done.submitted()).isBeforeOrEqualTo(done.started());
            assertThat(done.started()).isBeforeOrEqualTo(done.finished());
            assertThat(inspect.sync().pttl(RedisJobQueue.hash(submitted.id()))).isBetween(1L, 600_000L);
            assertThat(a.pending(service)).as("the entry is gone from the stream").isZero();
        }
    }

    @Test
    void aJobWhoseProcessStoppedAnsweringIsTakenOverAfterTheClaimTimeout() throws Exception {
        String service = service();
        JobQueue dying = open(config(100, 1000, 3));
        try (JobQueue survivor = open(config(100, 1000, 3))) {
            Job submitted = survivor.submit(service, body("{}"));
            Job lost = takeOne(dying, service, Duration.ofSeconds(2));
            // The process dies: no heartbeat, no answer, its connection gone.
            dying.close();
            assertThat(survivor.take(service, WAIT)).as("not before the claim timeout").isEmpty();

            Job again = takeOne(survivor, service, CLAIM.multipliedBy(5));
            assertThat(again.id()).isEqualTo(submitted.id());
            assertThat(again.attempts()).isEqualTo(2);
            assertThat(survivor.finish(again, 0, "success", body("ok"))).isPresent();
            assertThat(survivor.finish(lost, 0, "success", body("late"))).as("the dead one's late answer").isEmpty();
        }
    }

    @Test
    void aSlowJobIsKeptByItsLiveProcess() throws Exception {
        String service = service();
        try (JobQueue slow = open(config(100, 1000, 3)); JobQueue other = open(config(100, 1000, 3))) {
            slow.submit(service, body("{}"));
            Job running = takeOne(slow, service, Duration.ofSeconds(2));
            long end = System.nanoTime() + CLAIM.multipliedBy(4).toNanos();
            while (System.nanoTime() < end) {
                assertThat(other.take(service, WAIT)).as("the heartbeat keeps it claimed").isEmpty();
            }
            assertThat(slow.finish(running, 0, "success", body("ok"))).isPresent();
        }
    }

    @Test
    void aJobTakenTooOftenGoesToTheDeadLettersFailed() throws Exception {
        String service = service();
        try (JobQueue queue = open(config(100, 1000, 2))) {
            Job submitted = queue.submit(service, body("{\"poison\":true}"));
            queue.retry(takeOne(queue, service, Duration.ofSeconds(2)), 10110, "busy");
            queue.retry(takeOne(queue, service, Duration.ofSeconds(2)), 10110, "still busy");
            Job dead = takeOne(queue, service, Duration.ofSeconds(2));
            assertThat(dead.state()).isEqualTo(JobState.FAILED);
            assertThat(dead.code()).isEqualTo(10110);
            assertThat(dead.message()).contains("taken 2 times", "last: still busy");
            assertThat(inspect.sync().xlen(RedisJobQueue.deadLetters(service))).isEqualTo(1);
            assertThat(queue.pending(service)).isZero();
        }
    }

    @Test
    void aRedisThatGoesAwayIsAClearRetryableErrorAtOnce() throws Exception {
        RedisServer doomed = RedisServer.start(dir.resolve("doomed"));
        JobsConfig config = new JobsConfig(JobsConfig.REDIS, doomed.uri(), 10, 100, Duration.ofMinutes(1), CLAIM, 3, "");
        try (JobQueue queue = open(config)) {
            Job job = queue.submit("svc", body("{}"));
            doomed.close();
            long start = System.nanoTime();
            assertThatThrownBy(() -> queue.find(job.id())).isInstanceOf(AigesException.class)
                    .hasMessageContaining("did not answer")
                    .satisfies(e -> assertThat(((AigesException) e).error()).isEqualTo(AigesError.JOB_STORE_UNAVAILABLE));
            assertThatThrownBy(() -> queue.submit("svc", body("{}"))).isInstanceOf(AigesException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(12));
        }
    }

    @Test
    void boundsAndAnUnreachableStoreGetClearErrors() {
        String service = service();
        try (JobQueue queue = open(config(1, 4, 3))) {
            assertThatThrownBy(() -> queue.submit(service, body("12345"))).isInstanceOf(AigesException.class)
                    .hasMessageContaining("[jobs] maxPayload");
            queue.submit(service, body("1"));
            assertThatThrownBy(() -> queue.submit(service, body("2"))).isInstanceOf(AigesException.class)
                    .hasMessageContaining("[jobs] maxJobs").extracting(e -> ((AigesException) e).code()).isEqualTo(10110);
        }
        JobsConfig nowhere = new JobsConfig(JobsConfig.REDIS, "redis://127.0.0.1:1", 1, 1, Duration.ofMinutes(1), CLAIM, 1, "");
        assertThatThrownBy(() -> open(nowhere)).isInstanceOf(AigesException.class)
                .hasMessageContaining("redis://127.0.0.1:1").hasMessageContaining("cannot connect");
    }
}
