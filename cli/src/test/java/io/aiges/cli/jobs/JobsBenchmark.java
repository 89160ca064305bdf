package io.aiges.cli.jobs;

import io.aiges.jobs.redis.RedisServer;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Jobs per second through Redis with 1, 2 and 3 aiges processes on this machine, and what the
 * queued path adds to one request compared with a direct {@code POST /v1/{service}}. The engine is
 * the Java echo engine (no engine cost), so this measures aiges, Redis and the machine.
 * Run by {@code tools/bench-jobs.sh}; prints a Markdown table for docs/benchmarks.md.
 */
public final class JobsBenchmark {
    private static final int WARMUP = 1000;
    private static final int JOBS = Integer.getInteger("jobs", 3000);
    private static final int IN_FLIGHT = 64;
    private static final int SEQUENTIAL = Integer.getInteger("sequential", 300);

    private JobsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("aiges-jobs-bench");
        List<String> rows = new ArrayList<>();
        String overhead = null;
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"));
             WebhookReceiver hook = new WebhookReceiver();
             HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            String jobs = """
                    backend = "redis"
                    redis = "%s"
                    maxJobs = 1000000
                    """.formatted(redis.uri());
            for (int processes = 1; processes <= 3; processes++) {
                try (AigesCluster cluster = AigesCluster.start(dir.resolve("n" + processes), processes, 4, jobs)) {
                    run(client, cluster, WARMUP);
                    double perSecond = run(client, cluster, JOBS);
                    rows.add("| " + processes + " | " + JOBS + " | " + Math.round(perSecond) + " |");
                    System.err.println(processes + " process(es): " + Math.round(perSecond) + " jobs/s");
                }
            }
            // The webhook tells when each job's answer was recorded, without polling.
            try (AigesCluster cluster = AigesCluster.start(dir.resolve("latency"), 1, 4,
                    jobs + "webhook = \"" + hook.url() + "\"\n")) {
                run(client, cluster, WARMUP);
                overhead = overhead(client, cluster, hook);
            }
        }
        System.out.println("| aiges processes | jobs | jobs/s (submit to last answer) |");
        System.out.println("|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println(overhead);
    }

    /**
     * Submits {@code count} jobs round-robin, {@value #IN_FLIGHT} at most in flight; jobs/s until
     * the last is answered, which is when {@code aiges_jobs_pending} (shared by all) reads 0.
     */
    private static double run(HttpClient client, AigesCluster cluster, int count) throws Exception {
        long start = System.nanoTime();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            sent.add(client.sendAsync(jobRequest(cluster, i % cluster.size(), "bench-" + i), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> inFlight.release()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        HttpRequest metrics = HttpRequest.newBuilder(cluster.uri(0, "/metrics")).build();
        while (!client.send(metrics, HttpResponse.BodyHandlers.ofString()).body()
                .contains("aiges_jobs_pending{service=\"svcName\"} 0.0")) {
            Thread.sleep(5);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** One request at a time: a direct answer, against a job from submit until its answer is recorded (the webhook arrives). */
    private static String overhead(HttpClient client, AigesCluster cluster, WebhookReceiver hook) throws Exception {
        long[] direct = new long[SEQUENTIAL];
        long[] queued = new long[SEQUENTIAL];
        HttpRequest directRequest = HttpRequest.newBuilder(cluster.uri(0, "/v1/svcName"))
                .POST(HttpRequest.BodyPublishers.ofString(AigesCluster.echoRequest("direct", 0))).build();
        for (int i = 0; i < SEQUENTIAL; i++) {
            long start = System.nanoTime();
            client.send(directRequest, HttpResponse.BodyHandlers.ofString());
            direct[i] = System.nanoTime() - start;
        }
        for (int i = 0; i < SEQUENTIAL; i++) {
            long start = System.nanoTime();
            String body = client.send(jobRequest(cluster, 0, "one-" + i), HttpResponse.BodyHandlers.ofString()).body();
            String id = body.substring(body.indexOf("\"id\":\"") + 6, body.indexOf('"', body.indexOf("\"id\":\"") + 6));
            Long arrived;
            while ((arrived = hook.arrived(id)) == null) {
                Thread.onSpinWait();
            }
            queued[i] = arrived - start;
        }
        return "| path (1 process, one request at a time, " + SEQUENTIAL + " each) | median | p90 |\n|---|---|---|\n"
                + "| direct POST /v1/svcName | " + ms(direct, 0.5) + " | " + ms(direct, 0.9) + " |\n"
                + "| job: POST /v1/svcName/jobs until its answer is recorded (webhook in) | " + ms(queued, 0.5) + " | "
                + ms(queued, 0.9) + " |";
    }

    private static HttpRequest jobRequest(AigesCluster cluster, int process, String text) {
        return HttpRequest.newBuilder(cluster.uri(process, "/v1/svcName/jobs"))
                .POST(HttpRequest.BodyPublishers.ofString(AigesCluster.echoRequest(text, 0))).build();
    }

    private static String ms(long[] nanos, double quantile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("%.2f ms", sorted[(int) Math.min(sorted.length - 1, quantile * sorted.length)] / 1e6);
    }
}
