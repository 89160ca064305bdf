package io.aiges.cli.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiges.engine.service.Service;
import io.aiges.server.AigesServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static io.aiges.cli.examples.CExamples.json;
import static io.aiges.cli.examples.CExamples.textRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/c/batching}, built with its Makefile and served from its aiges.toml: a C engine
 * exporting wrapperExecBatch, whose every call costs a fixed 20 ms whether it answers one request
 * or 32, is batched by the core's dynamic batcher over real HTTP.
 */
class CBatchingExampleTest {
    private static final String SERVICE = "svcName";
    private static final int CONCURRENCY = 64;
    private static final long WARM_UP_MS = 500;
    private static final long MEASURE_MS = 3_000;

    @TempDir
    Path dir;

    private static JsonNode post(HttpClient client, AigesServer server, String text) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/v1/" + SERVICE))
                .POST(HttpRequest.BodyPublishers.ofString(textRequest(SERVICE, 3, text, ""))).build(),
                HttpResponse.BodyHandlers.ofString());
        return json(response.body());
    }

    private static String answer(JsonNode response) {
        assertThat(response.at("/header/code").asInt()).as(response.toString()).isZero();
        return response.at("/payload/result/text").asText();
    }

    /** In process, and with {@code [engine] isolate = true}, where batches cross to the engine child. */
    @ParameterizedTest(name = "isolate = {0}")
    @ValueSource(booleans = {false, true})
    void manyConcurrentRequestsShareEngineCallsAndEachGetsItsOwnAnswer(boolean isolate) throws Exception {
        Path project = CExamples.build("batching", dir);
        if (isolate) {
            Path toml = project.resolve("aiges.toml");
            Files.writeString(toml, Files.readString(toml).replace("form = \"c\"\n", "form = \"c\"\nisolate = true\n"));
        }
        try (AigesServer server = CExamples.serve(project, SERVICE);
             HttpClient client = HttpClient.newHttpClient();
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<JsonNode>> responses = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                String text = i % 50 == 7 ? "" : "request " + i + " of many";
                responses.add(callers.submit(() -> post(client, server, text)));
            }
            for (int i = 0; i < responses.size(); i++) {
                JsonNode response = responses.get(i).get();
                if (i % 50 == 7) {
                    assertThat(response.at("/header/code").asInt()).as(response.toString()).isNotZero();
                    assertThat(response.at("/header/message").asText()).contains("no text to upper-case");
                } else {
                    assertThat(answer(response)).isEqualTo("REQUEST " + i + " OF MANY");
                }
            }
            Service service = server.services().get(SERVICE);
            assertThat(service.engineVersion()).isEqualTo("batching-example-1.0");
            assertThat(service.batching()).isTrue();
            assertThat(service.batchedRequests()).as("requests per batch")
                    .isGreaterThan(4 * service.batchesRun());
        }
    }

    /**
     * The acceptance: at concurrency 64, batching on answers at least 10x the requests
     * per second that it does off (where each request pays the 20 ms alone). Ideal is 32x; the
     * rest of the margin is for two noisy cores.
     */
    @Test
    void batchingGivesTenTimesTheThroughputOfOneRequestPerCall() throws Exception {
        Path on = CExamples.build("batching", dir.resolve("on"));
        Path off = CExamples.build("batching", dir.resolve("off"));
        Path toml = off.resolve("aiges.toml");
        Files.writeString(toml, Files.readString(toml).replace("maxBatchSize = 32", "maxBatchSize = 1"));

        double batched = throughput(on);
        double single = throughput(off);

        System.out.printf("C engine, 20 ms per call, licence 1, concurrency %d over HTTP: batching off %.0f req/s,"
                + " on %.0f req/s: %.1fx%n", CONCURRENCY, single, batched, batched / single);
        assertThat(batched / single).as("on %.0f req/s, off %.0f req/s", batched, single).isGreaterThanOrEqualTo(10);
    }

    /** Requests per second answered at {@link #CONCURRENCY} over {@link #MEASURE_MS}, after a warm-up. */
    private static double throughput(Path project) throws Exception {
        try (AigesServer server = CExamples.serve(project, SERVICE);
             HttpClient client = HttpClient.newHttpClient();
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            long measureFrom = start + WARM_UP_MS * 1_000_000;
            long end = measureFrom + MEASURE_MS * 1_000_000;
            AtomicLong answered = new AtomicLong();
            List<Future<?>> loops = new ArrayList<>();
            for (int c = 0; c < CONCURRENCY; c++) {
                int caller = c;
                loops.add(callers.submit(() -> {
                    for (int n = 0; System.nanoTime() < end; n++) {
                        String text = "caller " + caller + " request " + n;
                        String result = answer(post(client, server, text));
                        assertThat(result).isEqualTo(text.toUpperCase());
                        long now = System.nanoTime();
                        if (now >= measureFrom && now < end) {
                            answered.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> loop : loops) {
                loop.get();
            }
            return answered.get() * 1000.0 / MEASURE_MS;
        }
    }
}
