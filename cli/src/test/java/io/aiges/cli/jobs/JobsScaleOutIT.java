package io.aiges.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.jobs.redis.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale-out story: three aiges processes share one Redis; 1,000 jobs are submitted across
 * them; one process is killed with {@code kill -9} while they run. Every job still ends with
 * exactly one answer, the right one: the dead process's running jobs are taken over by the
 * others after the claim timeout, and no job is answered twice.
 */
class JobsScaleOutIT {
    private static final int JOBS = 1000;
    private static final int KILLED = 1;
    /**
     * Each job takes this long in the engine: slower than submitting, so jobs queue up and every
     * worker of the killed process is running one when it dies (12 workers: about 10 s in all).
     */
    private static final int ENGINE_MS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void threeProcessesOneKilledMidwayEveryJobAnsweredExactlyOnce() throws Exception {
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"));
             WebhookReceiver hook = new WebhookReceiver();
             AigesCluster cluster = AigesCluster.start(dir, 3, 4, """
                     backend = "redis"
                     redis = "%s"
                     claimTimeout = 1500
                     maxAttempts = 5
                     webhook = "%s"
                     """.formatted(redis.uri(), hook.url()),
                     // Three JVMs starting at once on two cores: the quick compiler is plenty for this test.
                     "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
             HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {

            // Submitted round-robin to all three, 64 in flight at most; once a third are answered, one
            // process dies without a word, and what was meant for it goes to the next (as a load balancer would).
            Map<String, String> expected = new ConcurrentHashMap<>();
            Semaphore inFlight = new Semaphore(64);
            List<CompletableFuture<Void>> submitted = new ArrayList<>();
            int answeredAtKill = -1;
            for (int i = 0; i < JOBS; i++) {
                if (answeredAtKill < 0 && hook.distinct() >= JOBS / 3) {
                    awaitBusy(client, cluster, KILLED);
                    answeredAtKill = hook.distinct();
                    cluster.kill(KILLED);
                }
                String text = "job-" + i;
                inFlight.acquire();
                submitted.add(submit(client, cluster, i % 3, text, 0)
                        .thenAccept(id -> expected.put(id, text))
                        .whenComplete((ok, error) -> inFlight.release()));
            }
            CompletableFuture.allOf(submitted.toArray(CompletableFuture[]::new)).join();
            if (answeredAtKill < 0) {
                awaitAnswers(hook, JOBS / 3, Duration.ofSeconds(60));
                awaitBusy(client, cluster, KILLED);
                answeredAtKill = hook.distinct();
                cluster.kill(KILLED);
            }
            assertThat(expected).hasSize(JOBS);
            assertThat(answeredAtKill).as("killed midway, not after the end").isLessThan(JOBS);

            // Every job reaches a final state, read back from the survivors.
            Map<String, JsonNode> finals = new HashMap<>();
            Instant deadline = Instant.now().plusSeconds(60);
            while (finals.size() < JOBS && Instant.now().isBefore(deadline)) {
                for (String id : expected.keySet()) {
                    if (finals.containsKey(id)) {
                        continue;
                    }
                    HttpResponse<String> status = client.send(HttpRequest.newBuilder(cluster.uri(finals.size() % 2 == 0 ? 0 : 2,
                            "/v1/jobs/" + id)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(status.statusCode()).as("job %s: %s", id, status.body()).isEqualTo(200);
                    JsonNode job = JSON.readTree(status.body());
                    if (job.path("state").asText().equals("done") || job.path("state").asText().equals("failed")) {
                        finals.put(id, job);
                    }
                }
                if (finals.size() < JOBS) {
                    Thread.sleep(200);
                }
            }
            assertThat(finals).as("jobs answered (none lost)").hasSize(JOBS);

            int retaken = 0;
            for (Map.Entry<String, JsonNode> e : finals.entrySet()) {
                JsonNode job = e.getValue();
                assertThat(job.path("state").asText()).as("job %s", job).isEqualTo("done");
                assertThat(job.path("result").path("header").path("sid").asText()).isEqualTo(e.getKey());
                assertThat(job.path("result").path("payload").path("echo_input").path("text").asText())
                        .as("the answer to this job's own request").isEqualTo(expected.get(e.getKey()));
                if (job.path("attempts").asInt() > 1) {
                    retaken++;
                }
            }
            System.err.println("scale-out: answered at kill " + answeredAtKill + ", taken over " + retaken);
            assertThat(retaken).as("jobs the killed process was running, taken over by the others").isPositive();
            Thread.sleep(500);
            assertThat(hook.duplicates()).as("jobs answered twice").isEmpty();
            assertThat(hook.distinct()).as("answers announced (only the killed one's last ones may miss)")
                    .isGreaterThan(JOBS - 20);
            assertThat(cluster.isAlive(0) && cluster.isAlive(2)).isTrue();
        }
    }

    /** Submits to process {@code target}, or to the next one while a process does not answer (it was killed). */
    private static CompletableFuture<String> submit(HttpClient client, AigesCluster cluster, int target, String text,
                                                    int tried) {
        HttpRequest request = HttpRequest.newBuilder(cluster.uri(target, "/v1/svcName/jobs"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(AigesCluster.echoRequest(text, ENGINE_MS))).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null && tried < cluster.size()) {
                return submit(client, cluster, (target + 1) % cluster.size(), text, tried + 1);
            }
            if (error != null) {
                return CompletableFuture.<String>failedFuture(error);
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            return CompletableFuture.completedFuture(readId(response.body()));
        }).thenCompose(f -> f);
    }

    private static String readId(String body) {
        try {
            return JSON.readTree(body).path("id").asText();
        } catch (Exception e) {
            throw new AssertionError("not a job: " + body, e);
        }
    }

    /**
     * Waits (up to 10 s) until the process has at least two engine instances lent out, that is jobs
     * running, so the kill leaves jobs behind for the others to take over.
     */
    private static void awaitBusy(HttpClient client, AigesCluster cluster, int process) throws Exception {
        HttpRequest metrics = HttpRequest.newBuilder(cluster.uri(process, "/metrics")).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            String text = client.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
            int at = text.indexOf("aiges_instances_idle{service=\"svcName\"} ");
            if (at >= 0) {
                String value = text.substring(at).split("[ \n]")[1];
                if (Double.parseDouble(value) <= 2) {
                    return;
                }
            }
            Thread.sleep(2);
        }
    }

    private static void awaitAnswers(WebhookReceiver hook, int count, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (hook.distinct() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
    }
}
