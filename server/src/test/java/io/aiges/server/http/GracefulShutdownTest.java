package io.aiges.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.engine.config.PoolConfig;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Draining: in-flight requests finish, new ones are refused with 503/10110, then the server stops. */
class GracefulShutdownTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String slow(int ms) {
        return HttpApiTest.request("{\"sleepMs\": " + ms + "}", "{}");
    }

    @Test
    void inFlightRequestsFinishAndNewOnesAreRefused() throws Exception {
        TestServer server = TestServer.javaEngine(EchoEngine.class, new PoolConfig(2, 10, Duration.ofSeconds(5)),
                Duration.ofSeconds(10), 1 << 20);
        try {
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.post("/v1/svcName", slow(800));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.server().services().get("svcName").pool().idleCount() == 2) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(5);
            }
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.server().shutdown(Duration.ofSeconds(10)));
            long waitReady = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.get("/health/ready").statusCode() != 503) {
                assertThat(System.nanoTime()).isLessThan(waitReady);
                Thread.sleep(5);
            }
            HttpResponse<String> refused = server.post("/v1/svcName", slow(0));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(refused.body()).at("/header/code").asInt()).isEqualTo(10110);
            assertThat(refused.headers().firstValue("retry-after")).isPresent();

            HttpResponse<String> finished = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(finished.statusCode()).as("the admitted request completes during the drain").isEqualTo(200);
            stopping.get(10, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }
}
