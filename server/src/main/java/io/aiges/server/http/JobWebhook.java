package io.aiges.server.http;

import io.aiges.engine.jobs.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * POSTs every job this process answered to {@code [jobs] webhook}, as {@link JobStatusJson}
 * shows it. Best effort: a few tries, then a warning; the answer stays readable by
 * {@code GET /v1/jobs/{id}} whatever the webhook does. Bounded: at most {@link #IN_FLIGHT}
 * deliveries at once, the excess is dropped with a warning rather than queued without end.
 */
public final class JobWebhook implements Consumer<Job>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobWebhook.class);
    private static final int IN_FLIGHT = 256;
    private static final int TRIES = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

    public JobWebhook(URI target) {
        this.target = target;
    }

    @Override
    public void accept(Job job) {
        if (!inFlight.tryAcquire()) {
            log.warn("job {}: webhook not sent, {} deliveries already in flight to {}", job.id(), IN_FLIGHT, target);
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JobStatusJson.of(job))).build();
        send(job, request, 1).whenComplete((ok, error) -> inFlight.release());
    }

    private CompletableFuture<Void> send(Job job, HttpRequest request, int attempt) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
            boolean delivered = error == null && response.statusCode() / 100 == 2;
            if (delivered) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            String why = error != null ? error.toString() : "HTTP " + response.statusCode();
            if (attempt >= TRIES) {
                log.warn("job {}: webhook {} failed {} times, last: {}", job.id(), target, attempt, why);
                return CompletableFuture.<Void>completedFuture(null);
            }
            return CompletableFuture.runAsync(() -> { },
                    CompletableFuture.delayedExecutor(200L * attempt, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .thenCompose(v -> send(job, request, attempt + 1));
        }).thenCompose(f -> f);
    }

    @Override
    public void close() {
        client.close();
    }
}
