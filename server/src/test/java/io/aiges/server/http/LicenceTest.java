package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.engine.config.PoolConfig;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** With licence 1 and a slow engine: the second concurrent request waits or gets 10110, as configured. */
class LicenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String slow(int ms) {
        return HttpApiTest.request("{\"sleepMs\": " + ms + "}", "{}");
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(TestServer server, String body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return server.post("/v1/svcName", body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static int code(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).at("/header/code").asInt();
    }

    /** Starts a slow request and returns once the engine holds the only instance. */
    private static CompletableFuture<HttpResponse<String>> occupy(TestServer server, int ms) throws Exception {
        CompletableFuture<HttpResponse<String>> first = postAsync(server, slow(ms));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.server().services().get("svcName").pool().idleCount() > 0) {
            assertThat(System.nanoTime()).as("first request never took the instance").isLessThan(deadline);
            Thread.sleep(5);
        }
        return first;
    }

    @Test
    void withoutQueueTheSecondRequestGets10110At429() throws Exception {
        try (TestServer server = TestServer.javaEngine(EchoEngine.class, new PoolConfig(1, 0, Duration.ZERO),
                Duration.ofSeconds(10), 1 << 20)) {
            CompletableFuture<HttpResponse<String>> first = occupy(server, 800);
            HttpResponse<String> second = server.post("/v1/svcName", slow(0));
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(code(second)).isEqualTo(10110);
            assertThat(second.headers().firstValue("retry-after")).hasValue("1");
            assertThat(code(first.get(10, TimeUnit.SECONDS))).isZero();
            assertThat(code(server.post("/v1/svcName", slow(0)))).as("licence is back after the first ended").isZero();
        }
    }

    @Test
    void withQueueTheSecondRequestWaitsAndSucceeds() throws Exception {
        try (TestServer server = TestServer.javaEngine(EchoEngine.class, new PoolConfig(1, 4, Duration.ofSeconds(10)),
                Duration.ofSeconds(10), 1 << 20)) {
            CompletableFuture<HttpResponse<String>> first = occupy(server, 500);
            long start = System.nanoTime();
            HttpResponse<String> second = server.post("/v1/svcName", slow(0));
            assertThat(code(second)).isZero();
            assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .as("the second waited for the first").isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    void aWaitLongerThanTheQueueTimeoutGets10110() throws Exception {
        try (TestServer server = TestServer.javaEngine(EchoEngine.class, new PoolConfig(1, 4, Duration.ofMillis(150)),
                Duration.ofSeconds(10), 1 << 20)) {
            CompletableFuture<HttpResponse<String>> first = occupy(server, 1500);
            HttpResponse<String> second = server.post("/v1/svcName", slow(0));
            assertThat(second.statusCode()).isEqualTo(429);
            JsonNode json = JSON.readTree(second.body());
            assertThat(json.at("/header/code").asInt()).isEqualTo(10110);
            assertThat(json.at("/header/message").asText()).contains("150 ms");
            assertThat(code(first.get(10, TimeUnit.SECONDS))).isZero();
        }
    }

    @Test
    void aFullQueueRejectsAtOnce() throws Exception {
        try (TestServer server = TestServer.javaEngine(EchoEngine.class, new PoolConfig(1, 1, Duration.ofSeconds(10)),
                Duration.ofSeconds(10), 1 << 20)) {
            CompletableFuture<HttpResponse<String>> first = occupy(server, 1000);
            CompletableFuture<HttpResponse<String>> waiting = postAsync(server, slow(0));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.server().services().get("svcName").pool().waitingCount() == 0) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(5);
            }
            HttpResponse<String> third = server.post("/v1/svcName", slow(0));
            assertThat(code(third)).isEqualTo(10110);
            assertThat(JSON.readTree(third.body()).at("/header/message").asText()).contains("already waiting");
            for (CompletableFuture<HttpResponse<String>> r : List.of(first, waiting)) {
                assertThat(code(r.get(10, TimeUnit.SECONDS))).isZero();
            }
        }
    }

    @Test
    void aSlowEngineTimesOutWith10102AndTheInstanceComesBack() throws Exception {
        try (TestServer server = TestServer.javaEngine(EchoEngine.class, new PoolConfig(1, 4, Duration.ofSeconds(10)),
                Duration.ofMillis(300), 1 << 20)) {
            int created = EchoEngine.CREATED.get();
            HttpResponse<String> late = server.post("/v1/svcName", slow(5000));
            assertThat(late.statusCode()).isEqualTo(504);
            assertThat(code(late)).isEqualTo(10102);
            // The timed-out call is interrupted; once it returns its instance is replaced, not reused.
            assertThat(code(server.post("/v1/svcName", slow(0)))).isZero();
            assertThat(EchoEngine.CREATED.get()).as("a fresh instance replaced the timed-out one").isEqualTo(created + 1);
            assertThat(server.server().services().get("svcName").pool().size()).isEqualTo(1);
        }
    }

    @Test
    void licenceBoundsConcurrentEngineCalls() throws Exception {
        int licence = 3;
        try (TestServer server = TestServer.javaEngine(EchoEngine.class, new PoolConfig(licence, 50, Duration.ofSeconds(20)),
                Duration.ofSeconds(20), 1 << 20)) {
            EchoEngine.MOST_ACTIVE.set(0);
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                all.add(postAsync(server, slow(100)));
            }
            for (CompletableFuture<HttpResponse<String>> r : all) {
                assertThat(code(r.get(20, TimeUnit.SECONDS))).isZero();
            }
            assertThat(EchoEngine.MOST_ACTIVE.get()).as("engine calls at once").isEqualTo(licence);
            assertThat(server.server().services().get("svcName").pool().idleCount()).isEqualTo(licence);
        }
    }
}
