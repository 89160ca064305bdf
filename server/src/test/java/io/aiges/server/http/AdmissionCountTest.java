package io.aiges.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.RateLimitConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flow control counts exactly: a burst of concurrent requests over real HTTP is admitted exactly
 * as often as {@code [fc]} allows, never once more or once less, and every refusal is a clean
 * 10110 with 429. Sizes come from seeded random numbers, so each seed is a different burst.
 */
class AdmissionCountTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** qpsLimiter with a window far longer than the test: no permit comes back while it runs. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void qpsLimiterAdmitsExactlyItsPermits(long seed) throws Exception {
        Random random = new Random(seed);
        int permits = 1 + random.nextInt(20);
        int burst = permits + 1 + random.nextInt(2 * permits + 10);
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, EchoEngine.class.getName(), Map.of(), Path.of("."));
        ServiceConfig service = new ServiceConfig(TestServer.SERVICE, spec, new PoolConfig(4, burst, Duration.ofSeconds(20)),
                Duration.ofSeconds(20), SessionConfig.DEFAULTS, new RateLimitConfig(permits, Duration.ofMinutes(30)));
        try (TestServer server = new TestServer(AigesServer.start(new AigesConfig(null, service,
                new HttpConfig("127.0.0.1", 0, 1 << 20))))) {
            List<HttpResponse<String>> answers = burst(server, burst, HttpApiTest.request("{}", "{}"));
            assertCounts(answers, permits, burst - permits);
        }
    }

    /**
     * sessionManager (licence, no queue): while every admitted call is still running, exactly the
     * licence count of a burst gets an instance and the rest are refused at once.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {8, 11, 19})
    void licenceAdmitsExactlyItsInstances(long seed) throws Exception {
        Random random = new Random(seed);
        int licence = 1 + random.nextInt(6);
        int burst = licence + 1 + random.nextInt(3 * licence + 6);
        try (TestServer server = TestServer.javaEngine(EchoEngine.class, new PoolConfig(licence, 0, Duration.ZERO),
                Duration.ofSeconds(30), 1 << 20)) {
            // The engine holds each instance far longer than the burst takes to arrive.
            List<HttpResponse<String>> answers = burst(server, burst, HttpApiTest.request("{\"sleepMs\": 2500}", "{}"));
            assertCounts(answers, licence, burst - licence);
            assertThat(server.server().services().get(TestServer.SERVICE).pool().idleCount()).isEqualTo(licence);
        }
    }

    private static List<HttpResponse<String>> burst(TestServer server, int count, String body) {
        // One connection per request, all opened before any is answered.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = server.uri("/v1/" + TestServer.SERVICE);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private static void assertCounts(List<HttpResponse<String>> answers, int admitted, int refused) throws Exception {
        int ok = 0;
        int busy = 0;
        for (HttpResponse<String> answer : answers) {
            int code = JSON.readTree(answer.body()).at("/header/code").asInt(-1);
            if (answer.statusCode() == 200 && code == 0) {
                ok++;
            } else {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
                assertThat(code).as(answer.body()).isEqualTo(10110);
                assertThat(answer.headers().firstValue("retry-after")).isPresent();
                busy++;
            }
        }
        assertThat(ok).as("admitted").isEqualTo(admitted);
        assertThat(busy).as("refused").isEqualTo(refused);
    }
}
