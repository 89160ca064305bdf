package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.config.GrpcConfig;
import io.aiges.config.HttpConfig;
import io.aiges.config.LogConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.jobs.JobsConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The async jobs API over a real socket, on the embedded in-process store, with a loopback webhook. */
class JobsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAYLOAD = 2048;
    private static TestServer server;
    private static HttpServer hook;
    private static final Map<String, List<JsonNode>> HOOKED = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/done", exchange -> {
            JsonNode job = JSON.readTree(exchange.getRequestBody().readAllBytes());
            HOOKED.computeIfAbsent(job.path("id").asText(), id -> new CopyOnWriteArrayList<>()).add(job);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        JobsConfig jobs = new JobsConfig(JobsConfig.MEMORY, "", 100, MAX_PAYLOAD, Duration.ofMinutes(5),
                Duration.ofSeconds(30), 3, "http://127.0.0.1:" + hook.getAddress().getPort() + "/done");
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, EchoEngine.class.getName(), Map.of(), Path.of("."));
        server = new TestServer(AigesServer.start(new AigesConfig(null,
                new ServiceConfig(TestServer.SERVICE, spec, new PoolConfig(2, 10, Duration.ofSeconds(5)), Duration.ofSeconds(10)),
                new HttpConfig("127.0.0.1", 0, 64 * 1024), GrpcConfig.OFF, Duration.ofSeconds(5), LogConfig.CONSOLE, jobs)));
    }

    @AfterAll
    static void stop() {
        server.close();
        hook.stop(0);
    }

    private static String request(String header, String parameter) {
        return """
                {"header": {"appid": "123456", "status": 3 %s},
                 "parameter": {"svcName": {"echo_data": {"encoding": "raw", "data_type": "other"},
                                           "params": {"encoding": "utf8", "data_type": "text"}%s}},
                 "payload": {"data": {"encoding": "raw", "status": 3, "other": "%s"}}}"""
                .formatted(header, parameter, Base64.getEncoder().encodeToString(new byte[]{1, 2, 3, (byte) 0xfe}));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** Polls the job until it is answered (or 10 s pass). */
    private static JsonNode awaitAnswered(String location) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            HttpResponse<String> response = server.get(location);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode job = json(response);
            String state = job.path("state").asText();
            if (state.equals("done") || state.equals("failed") || Instant.now().isAfter(deadline)) {
                return job;
            }
            Thread.sleep(20);
        }
    }

    /**
     * The answer with its sid taken out (a job's sid is its id, a direct request's a fresh uuid),
     * and the echo engine's listing of its parameters, which shows that sid too.
     */
    private static JsonNode withoutSid(JsonNode answer) {
        JsonNode copy = answer.deepCopy();
        ((ObjectNode) copy.path("header")).remove("sid");
        if (copy.path("payload").isObject()) {
            ((ObjectNode) copy.path("payload")).remove("params");
        }
        return copy;
    }

    @Test
    void aJobIsAcceptedThenAnsweredWithWhatADirectRequestAnswers() throws Exception {
        HttpResponse<String> accepted = server.post("/v1/svcName/jobs", request("", ""));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode job = json(accepted);
        String id = job.path("id").asText();
        assertThat(accepted.headers().firstValue("location")).hasValue("/v1/jobs/" + id);
        assertThat(job.path("service").asText()).isEqualTo("svcName");
        assertThat(job.path("state").asText()).isEqualTo("queued");
        assertThat(job.has("result")).isFalse();

        JsonNode done = awaitAnswered("/v1/jobs/" + id);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.path("attempts").asInt()).isEqualTo(1);
        Instant submitted = Instant.parse(done.path("submitted").asText());
        Instant started = Instant.parse(done.path("started").asText());
        Instant finished = Instant.parse(done.path("finished").asText());
        assertThat(submitted).isBeforeOrEqualTo(started);
        assertThat(started).isBeforeOrEqualTo(finished);

        JsonNode direct = json(server.post("/v1/svcName", request("", "")));
        assertThat(done.path("result").path("header").path("sid").asText()).isEqualTo(id);
        assertThat(done.path("result").path("payload").path("params").path("text").asText())
                .as("the engine sees the job id as sid").contains("sid=" + id);
        assertThat(withoutSid(done.path("result"))).isEqualTo(withoutSid(direct));
        assertThat(server.get("/v1/svcName/jobs/" + id).body()).isEqualTo(server.get("/v1/jobs/" + id).body());

        assertThat(server.get("/metrics").body()).contains("aiges_jobs_pending{service=\"svcName\"} 0.0");
        awaitHook(id);
        assertThat(HOOKED.get(id)).as("webhook deliveries").hasSize(1);
        assertThat(HOOKED.get(id).getFirst()).isEqualTo(done);
    }

    @Test
    void theOriginalsAsyncMarkerOnTheDirectRouteQueuesAJob() throws Exception {
        HttpResponse<String> accepted = server.post("/v1/svcName", request(", \"downMethod\": \"async\"", ""));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("location").orElseThrow();
        JsonNode done = awaitAnswered(location);
        assertThat(done.path("state").asText()).isEqualTo("done");
        assertThat(done.path("result").path("payload").path("echo_data").path("other").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(new byte[]{1, 2, 3, (byte) 0xfe}));

        HttpResponse<String> sync = server.post("/v1/svcName", request(", \"downMethod\": \"sync\"",
                ", \"pad\": \"" + "x".repeat(MAX_PAYLOAD) + "\""));
        assertThat(sync.statusCode()).as("any other downMethod is answered directly, whatever [jobs] maxPayload says")
                .isEqualTo(200);
        assertThat(json(sync).path("header").path("code").asInt()).isZero();
    }

    @Test
    void anEngineErrorFailsTheJobWithTheDirectRequestsError() throws Exception {
        HttpResponse<String> accepted = server.post("/v1/svcName/jobs", request("", ", \"fail\": \"own\""));
        JsonNode failed = awaitAnswered(accepted.headers().firstValue("location").orElseThrow());
        assertThat(failed.path("state").asText()).isEqualTo("failed");
        JsonNode direct = json(server.post("/v1/svcName", request("", ", \"fail\": \"own\"")));
        assertThat(withoutSid(failed.path("result"))).isEqualTo(withoutSid(direct));
        assertThat(failed.path("result").path("header").path("code").asInt()).isEqualTo(10909);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "POST | /v1/svcName/jobs  | not json          | 400 | 10000 | not valid JSON",
            "POST | /v1/svcName/jobs  | {\"payload\": 1}   | 400 | 10001 | must be a JSON object",
            "POST | /v1/nope/jobs     | {}                | 404 | 10404 | no service named",
            "POST | /v1/svcName/jobs  | BIG               | 413 | 10009 | over the limit of 2048 bytes ([jobs] maxPayload)",
            "POST | /v1/svcName       | BIGASYNC          | 413 | 10009 | ([jobs] maxPayload)",
            "GET  | /v1/jobs/no-such  |                   | 404 | 10404 | no job no-such",
            "GET  | /v1/other/jobs/x  |                   | 404 | 10404 | no job x of service other",
            "PUT  | /v1/svcName/jobs  | {}                | 405 | 10003 | PUT is not allowed",
    })
    void badInputGetsAClearAigesError(String method, String path, String body, int status, int code, String message)
            throws Exception {
        String sent = switch (body == null ? "" : body) {
            case "BIG" -> request("", ", \"pad\": \"" + "x".repeat(MAX_PAYLOAD) + "\"");
            case "BIGASYNC" -> request(", \"downMethod\": \"async\"", ", \"pad\": \"" + "x".repeat(MAX_PAYLOAD) + "\"");
            default -> body;
        };
        var builder = java.net.http.HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10));
        if (method.equals("GET")) {
            builder.GET();
        } else {
            builder.method(method, java.net.http.HttpRequest.BodyPublishers.ofString(sent));
        }
        HttpResponse<String> response = server.client().send(builder.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode header = json(response).path("header");
        assertThat(header.path("code").asInt()).as(response.body()).isEqualTo(code);
        assertThat(header.path("message").asText()).contains(message);
    }

    private static void awaitHook(String id) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!HOOKED.containsKey(id) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
    }
}
