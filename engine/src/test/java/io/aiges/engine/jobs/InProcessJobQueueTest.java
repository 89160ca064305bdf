package io.aiges.engine.jobs;

import io.aiges.engine.AigesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InProcessJobQueueTest {
    private static final Duration NOW = Duration.ZERO;

    /** A clock the test moves by hand, to see answers expire without waiting. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();

    private InProcessJobQueue queue(int maxJobs, long maxPayload, int maxAttempts) {
        return new InProcessJobQueue(new JobsConfig(JobsConfig.MEMORY, "", maxJobs, maxPayload, Duration.ofMinutes(10),
                Duration.ofSeconds(30), maxAttempts, ""), clock);
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJobGoesFromQueuedToRunningToDoneAndIsAnsweredOnce() throws Exception {
        InProcessJobQueue queue = queue(10, 100, 3);
        Job submitted = queue.submit("svc", body("{}"));
        assertThat(queue.find(submitted.id())).get().extracting(Job::state).isEqualTo(JobState.QUEUED);

        Job taken = queue.take("svc", NOW).orElseThrow();
        assertThat(taken.state()).isEqualTo(JobState.RUNNING);
        assertThat(taken.attempts()).isEqualTo(1);
        assertThat(taken.started()).isEqualTo(clock.now);

        assertThat(queue.finish(taken, 0, "success", body("answer"))).get().extracting(Job::state).isEqualTo(JobState.DONE);
        assertThat(queue.finish(taken, 0, "success", body("second answer"))).as("a second answer is not recorded").isEmpty();
        Job done = queue.find(submitted.id()).orElseThrow();
        assertThat(new String(done.answer(), StandardCharsets.UTF_8)).isEqualTo("answer");
        assertThat(done.request()).as("the request is dropped once answered").isNull();
    }

    @Test
    void jobsOfAnotherServiceAreNotTaken() throws Exception {
        InProcessJobQueue queue = queue(10, 100, 3);
        queue.submit("a", body("{}"));
        assertThat(queue.take("b", NOW)).isEmpty();
        assertThat(queue.take("a", NOW)).isPresent();
    }

    @Test
    void answersExpireAfterTheirTtlAndFreeTheirPlace() throws Exception {
        InProcessJobQueue queue = queue(1, 100, 3);
        Job job = queue.submit("svc", body("{}"));
        assertThatThrownBy(() -> queue.submit("svc", body("{}"))).isInstanceOf(AigesException.class)
                .hasMessageContaining("maxJobs = 1").extracting(e -> ((AigesException) e).code()).isEqualTo(10110);
        queue.finish(queue.take("svc", NOW).orElseThrow(), 0, "success", body("a"));

        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertThat(queue.find(job.id())).isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(queue.find(job.id())).isEmpty();
        assertThat(queue.submit("svc", body("{}"))).isNotNull();
    }

    @Test
    void aRequestOverThePayloadLimitIsRefusedWithTheLimitNamed() {
        InProcessJobQueue queue = queue(10, 4, 3);
        assertThatThrownBy(() -> queue.submit("svc", body("12345"))).isInstanceOf(AigesException.class)
                .hasMessageContaining("5 bytes, over the limit of 4 bytes ([jobs] maxPayload)")
                .extracting(e -> ((AigesException) e).code()).isEqualTo(10009);
        assertThat(queue.submit("svc", body("1234"))).isNotNull();
    }

    @Test
    void aJobPutBackTooOftenFailsWithTheLastReason() throws Exception {
        InProcessJobQueue queue = queue(10, 100, 2);
        Job job = queue.submit("svc", body("{}"));
        for (int i = 0; i < 2; i++) {
            queue.retry(queue.take("svc", NOW).orElseThrow(), 10110, "busy " + i);
        }
        Job dead = queue.take("svc", NOW).orElseThrow();
        assertThat(dead.state()).isEqualTo(JobState.FAILED);
        assertThat(dead.code()).isEqualTo(10110);
        assertThat(dead.message()).contains("taken 2 times", "last: busy 1");
        assertThat(queue.find(job.id()).orElseThrow().state()).isEqualTo(JobState.FAILED);
    }

    /** Seeded random interleavings of submit, take, retry and finish: every job ends answered exactly once. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void everyJobIsAnsweredExactlyOnceWhateverTheOrder(long seed) throws Exception {
        Random random = new Random(seed);
        InProcessJobQueue queue = queue(1000, 100, 50);
        Set<String> submitted = new HashSet<>();
        List<Job> running = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        for (int step = 0; step < 2000; step++) {
            switch (random.nextInt(4)) {
                case 0 -> submitted.add(queue.submit("svc", body("{}")).id());
                case 1 -> queue.take("svc", NOW).ifPresent(running::add);
                case 2 -> {
                    if (!running.isEmpty()) {
                        queue.retry(running.remove(random.nextInt(running.size())), 10110, "busy");
                    }
                }
                default -> {
                    if (!running.isEmpty()) {
                        Job job = running.get(random.nextInt(running.size()));
                        queue.finish(job, 0, "success", body("ok"))
                                .ifPresent(j -> assertThat(answered.add(j.id())).as("answered twice: %s", j.id()).isTrue());
                        running.remove(job);
                    }
                }
            }
        }
        for (Job job : running) {
            queue.finish(job, 0, "success", body("ok")).ifPresent(j -> assertThat(answered.add(j.id())).isTrue());
        }
        for (var job = queue.take("svc", NOW); job.isPresent(); job = queue.take("svc", NOW)) {
            queue.finish(job.get(), 0, "success", body("ok")).ifPresent(j -> assertThat(answered.add(j.id())).isTrue());
        }
        assertThat(answered).isEqualTo(submitted);
        submitted.forEach(id -> assertThat(queue.find(id).orElseThrow().state()).isEqualTo(JobState.DONE));
    }
}
