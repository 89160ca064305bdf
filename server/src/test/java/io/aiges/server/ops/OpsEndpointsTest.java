package io.aiges.server.ops;

import io.aiges.engine.config.PoolConfig;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** /metrics, /health/live and /health/ready over a real socket. */
class OpsEndpointsTest {
    private static final String OK_REQUEST = """
            {"parameter": {"svcName": {}}, "payload": {"data": {"text": "aGk="}}}""";

    private static TestServer server(int licence) {
        return TestServer.javaEngine(EchoEngine.class, new PoolConfig(licence, 10, Duration.ofSeconds(5)),
                Duration.ofSeconds(10), 1 << 20);
    }

    /** The value of the first sample whose line starts with {@code series}. */
    private static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(scrape);
        assertThat(m.find()).as("series %s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void metricsCountRequestsByServiceFrontEndAndCode() throws Exception {
        try (TestServer server = server(3)) {
            for (int i = 0; i < 3; i++) {
                assertThat(server.post("/v1/svcName", OK_REQUEST).statusCode()).isEqualTo(200);
            }
            assertThat(server.post("/v1/svcName", "{broken").statusCode()).isEqualTo(400);
            assertThat(server.post("/v1/madeUpName", OK_REQUEST).statusCode()).isEqualTo(404);

            HttpResponse<String> metrics = server.get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            String scrape = metrics.body();
            assertThat(sample(scrape, "aiges_requests_seconds_count{code=\"0\",frontend=\"http\",service=\"svcName\"}"))
                    .isEqualTo(3);
            assertThat(sample(scrape, "aiges_requests_seconds_count{code=\"10000\",frontend=\"http\",service=\"svcName\"}"))
                    .isEqualTo(1);
            assertThat(sample(scrape, "aiges_requests_seconds_count{code=\"10404\",frontend=\"http\",service=\"unknown\"}"))
                    .isEqualTo(1);
            assertThat(scrape).doesNotContain("madeUpName");
            assertThat(sample(scrape, "aiges_engine_seconds_count{service=\"svcName\"}")).isEqualTo(3);
            assertThat(sample(scrape, "aiges_queue_wait_seconds_count{service=\"svcName\"}")).isEqualTo(3);
            assertThat(scrape).contains("aiges_requests_seconds_bucket{code=\"0\",frontend=\"http\",service=\"svcName\",le=");
            assertThat(sample(scrape, "aiges_request_size_bytes_count{frontend=\"http\",service=\"svcName\"}")).isEqualTo(4);
            assertThat(sample(scrape, "aiges_instances{service=\"svcName\"}")).isEqualTo(3);
            assertThat(sample(scrape, "aiges_instances_idle{service=\"svcName\"}")).isEqualTo(3);
            assertThat(sample(scrape, "aiges_requests_waiting{service=\"svcName\"}")).isZero();
            assertThat(sample(scrape, "aiges_sessions_active{service=\"svcName\"}")).isZero();
            assertThat(scrape).contains("jvm_memory_used_bytes", "process_uptime_seconds", "jvm_threads_live_threads");
        }
    }

    @Test
    void healthIsLiveAndReadyUntilDraining() throws Exception {
        try (TestServer server = server(1)) {
            assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = server.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("READY");
            server.server().drain();
            HttpResponse<String> draining = server.get("/health/ready");
            assertThat(draining.statusCode()).isEqualTo(503);
            assertThat(server.get("/health/live").statusCode()).as("still alive while draining").isEqualTo(200);
        }
    }

    /**
     * A client that asks for HTTP/2 by upgrade (the JDK's default) is answered over HTTP/1.1: after
     * an h2c upgrade that client hung on answers over about 32 KB.
     */
    @Test
    void anH2cUpgradeRequestGetsItsLargeAnswerOverHttp11() throws Exception {
        try (TestServer server = server(1);
             java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            server.post("/v1/svcName", OK_REQUEST);
            for (String path : new String[] {"/metrics", "/openapi.json", "/metrics"}) {
                HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(server.uri(path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
                assertThat(response.body().length()).as(path).isGreaterThan(1000);
            }
        }
    }
}
