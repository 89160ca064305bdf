package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.engine.config.BatchConfig;
import io.aiges.engine.config.ClientLimitConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.RateLimitConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.demo.engines.RunningTextEngine;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fairness between clients over HTTP and WebSocket: a client over {@code [fc] maxRequestsPerClient}
 * or holding {@code [fc] maxSessionsPerClient} gets 10110 while another client is served. A client
 * is its {@code header.appid}, else the address it connects from.
 */
class ClientLimitsOverHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static TestServer server(Class<?> engine, int licence, ClientLimitConfig limits) {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, engine.getName(), Map.of(), Path.of("."));
        ServiceConfig service = new ServiceConfig(TestServer.SERVICE, spec, new PoolConfig(licence, 0, Duration.ZERO),
                Duration.ofSeconds(10), SessionConfig.DEFAULTS, RateLimitConfig.NONE, BatchConfig.OFF, limits);
        return new TestServer(AigesServer.start(new AigesConfig(null, service, new HttpConfig("127.0.0.1", 0, 1 << 20))));
    }

    /** A one-shot request of {@code appid}; null sends no appid at all. */
    private static String request(String appid) {
        String header = appid == null ? "{\"status\": 3}" : "{\"appid\": \"" + appid + "\", \"status\": 3}";
        return "{\"header\": " + header + ", \"parameter\": {\"svcName\": {}}, \"payload\": {}}";
    }

    private static JsonNode header(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("header");
    }

    @Test
    void aClientOverItsRateGets429WhileAnotherIsServed() throws Exception {
        // One request a second: the second within the second is over, however slow the machine.
        try (TestServer server = server(EchoEngine.class, 2, new ClientLimitConfig(0, 1))) {
            assertThat(server.post("/v1/svcName", request("A")).statusCode()).isEqualTo(200);
            HttpResponse<String> over = server.post("/v1/svcName", request("A"));
            assertThat(over.statusCode()).isEqualTo(429);
            assertThat(over.headers().firstValue("retry-after")).hasValue("1");
            assertThat(header(over).get("code").asInt()).isEqualTo(10110);
            assertThat(header(over).get("message").asText()).contains("appid A", "[fc] maxRequestsPerClient");
            assertThat(server.post("/v1/svcName", request("B")).statusCode()).as("another client").isEqualTo(200);
            assertThat(server.post("/v1/svcName/jobs", request("A")).statusCode())
                    .as("a job submission counts as a request").isEqualTo(429);
            assertThat(server.post("/v1/svcName/jobs", request("C")).statusCode()).isEqualTo(202);
            assertThat(server.get("/metrics").body())
                    .contains("aiges_client_limited_total{limit=\"requests\",service=\"svcName\"} 2.0")
                    .contains("aiges_client_limited_total{limit=\"sessions\",service=\"svcName\"} 0.0")
                    .doesNotContain("appid A");
        }
    }

    @Test
    void withoutAnAppidTheAddressIsTheClient() throws Exception {
        try (TestServer server = server(EchoEngine.class, 2, new ClientLimitConfig(0, 1));
             HttpClient elsewhere = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .localAddress(InetAddress.getByName("127.0.0.2")).build()) {
            assertThat(server.post("/v1/svcName", request(null)).statusCode()).isEqualTo(200);
            HttpResponse<String> over = server.post("/v1/svcName", request(null));
            assertThat(over.statusCode()).isEqualTo(429);
            assertThat(header(over).get("message").asText()).contains("address 127.0.0.1");
            assertThat(server.post("/v1/svcName", request("A")).statusCode())
                    .as("an appid is its own client, whatever its address").isEqualTo(200);
            HttpResponse<String> other = elsewhere.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + server.port() + "/v1/svcName")).POST(HttpRequest.BodyPublishers.ofString(request(null))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).as("a client on another address").isEqualTo(200);
        }
    }

    @Test
    void offByDefault() throws Exception {
        try (TestServer server = TestServer.javaEngine(EchoEngine.class, new PoolConfig(2, 0, Duration.ZERO),
                Duration.ofSeconds(10), 1 << 20)) {
            for (int i = 0; i < 20; i++) {
                assertThat(server.post("/v1/svcName", request("A")).statusCode()).isEqualTo(200);
            }
        }
    }

    private static String frame(String appid, int status, String text) {
        return """
                {"header": {"appid": "%s", "status": %d}, "parameter": {"svcName": {}},
                 "payload": {"text": {"encoding": "utf8", "status": %d, "text": "%s"}}}"""
                .formatted(appid, status, status, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aClientHoldingItsSessionsIsRefusedAnotherWhileAnotherOpensOne() throws Exception {
        // Three instances, one session each: without the limit, A would get a second.
        try (TestServer server = server(RunningTextEngine.class, 3, new ClientLimitConfig(1, 0));
             WsClient first = new WsClient(); WsClient second = new WsClient(); WsClient other = new WsClient();
             WsClient again = new WsClient()) {
            first.connect(server.port(), "/v1/svcName").send(frame("A", 0, "one "));
            assertThat(JSON.readTree(first.next()).at("/header/code").asInt()).isZero();

            second.connect(server.port(), "/v1/svcName").send(frame("A", 0, "two "));
            JsonNode refused = JSON.readTree(second.next());
            assertThat(refused.at("/header/code").asInt()).isEqualTo(10110);
            assertThat(refused.at("/header/message").asText()).contains("appid A", "[fc] maxSessionsPerClient");
            assertThat(second.next()).isEqualTo(WsClient.CLOSED);

            other.connect(server.port(), "/v1/svcName").send(frame("B", 0, "three "));
            assertThat(JSON.readTree(other.next()).at("/header/code").asInt()).as("another client").isZero();

            first.send(frame("A", 2, "end"));
            assertThat(JSON.readTree(first.next()).at("/header/status").asInt()).isEqualTo(2);
            assertThat(first.next()).isEqualTo(WsClient.CLOSED);
            again.connect(server.port(), "/v1/svcName").send(frame("A", 0, "four "));
            assertThat(JSON.readTree(again.next()).at("/header/code").asInt())
                    .as("A's ended session is given back").isZero();
            assertThat(server.get("/metrics").body())
                    .contains("aiges_client_limited_total{limit=\"sessions\",service=\"svcName\"} 1.0");
        }
    }

    @Test
    void aSessionThatCouldNotOpenIsNotCountedAgainstItsClient() throws Exception {
        try (TestServer server = server(RunningTextEngine.class, 1, new ClientLimitConfig(1, 0));
             WsClient holder = new WsClient(); WsClient busy = new WsClient(); WsClient later = new WsClient()) {
            holder.connect(server.port(), "/v1/svcName").send(frame("B", 0, "one "));
            assertThat(JSON.readTree(holder.next()).at("/header/code").asInt()).isZero();
            busy.connect(server.port(), "/v1/svcName").send(frame("A", 0, "two "));
            JsonNode refused = JSON.readTree(busy.next());
            assertThat(refused.at("/header/code").asInt()).isEqualTo(10110);
            assertThat(refused.at("/header/message").asText()).as("the licence, not A's quota").contains("instances busy");
            holder.send(frame("B", 2, "end"));
            assertThat(JSON.readTree(holder.next()).at("/header/status").asInt()).isEqualTo(2);
            awaitIdle(server);
            later.connect(server.port(), "/v1/svcName").send(frame("A", 0, "three "));
            assertThat(JSON.readTree(later.next()).at("/header/code").asInt()).as("A holds none").isZero();
        }
    }

    private static void awaitIdle(TestServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.server().services().get(TestServer.SERVICE).pool().idleCount() == 0) {
            assertThat(System.nanoTime()).as("instance returned to the pool").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
