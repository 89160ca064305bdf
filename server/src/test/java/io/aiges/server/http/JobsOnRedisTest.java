package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.config.GrpcConfig;
import io.aiges.config.HttpConfig;
import io.aiges.config.LogConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.jobs.JobsConfig;
import io.aiges.jobs.redis.RedisServer;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance story with Redis running: two aiges servers share it; the seed request is
 * submitted as a job to one, polled to done on the other, and reads exactly what a direct request
 * answers: 7.
 */
class JobsOnRedisTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static TestServer mnist(String redis) {
        return serve(new EngineSpec(TestServer.SERVICE, "onnx", "builtin:mnist", null, Map.of(), Path.of(".")), redis);
    }

    private static TestServer echo(String redis) {
        return serve(new EngineSpec(TestServer.SERVICE, "java", null, EchoEngine.class.getName(), Map.of(), Path.of(".")),
                redis);
    }

    private static TestServer serve(EngineSpec spec, String redis) {
        JobsConfig jobs = new JobsConfig(JobsConfig.REDIS, redis, 100, 1 << 20, Duration.ofMinutes(5),
                Duration.ofSeconds(5), 3, "");
        return new TestServer(AigesServer.start(new AigesConfig(null,
                new ServiceConfig(TestServer.SERVICE, spec, new PoolConfig(1, 10, Duration.ofSeconds(10)), Duration.ofSeconds(30)),
                new HttpConfig("127.0.0.1", 0, 1 << 22), GrpcConfig.OFF, Duration.ofSeconds(5), LogConfig.CONSOLE, jobs)));
    }

    private static JsonNode withoutSid(JsonNode answer) {
        JsonNode copy = answer.deepCopy();
        ((ObjectNode) copy.path("header")).remove("sid");
        return copy;
    }

    @Test
    void aStoppingServerFinishesItsRunningJobAndLeavesTheQueuedOnesToOthers() throws Exception {
        String slow = """
                {"header": {}, "parameter": {"svcName": {"sleepMs": 800}},
                 "payload": {"data": {"other": "AQI="}}}""";
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"))) {
            TestServer stopping = echo(redis.uri());
            String first = JSON.readTree(stopping.post("/v1/svcName/jobs", slow).body()).path("id").asText();
            String second = JSON.readTree(stopping.post("/v1/svcName/jobs", slow).body()).path("id").asText();
            Instant deadline = Instant.now().plusSeconds(10);
            while (!JSON.readTree(stopping.get("/v1/jobs/" + first).body()).path("state").asText().equals("running")
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }
            stopping.server().shutdown(Duration.ofSeconds(10));

            try (TestServer other = echo(redis.uri())) {
                assertThat(JSON.readTree(other.get("/v1/jobs/" + first).body()).path("state").asText())
                        .as("the job it was running finished before it stopped").isEqualTo("done");
                JsonNode left = JSON.readTree(other.get("/v1/jobs/" + second).body());
                assertThat(left.path("state").asText()).as("not started there: %s", left).isIn("queued", "running", "done");
                deadline = Instant.now().plusSeconds(10);
                while (!left.path("state").asText().equals("done") && Instant.now().isBefore(deadline)) {
                    Thread.sleep(20);
                    left = JSON.readTree(other.get("/v1/jobs/" + second).body());
                }
                assertThat(left.path("state").asText()).as("run by the other server: %s", left).isEqualTo("done");
                assertThat(left.path("attempts").asInt()).isEqualTo(1);
            }
        }
    }

    @Test
    void aJobSubmittedToOneServerIsReadDoneOnAnotherWithTheDirectAnswer() throws Exception {
        byte[] seed = Files.readAllBytes(Path.of("..", "fixtures", "mnist-seed-request.json"));
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"));
             TestServer a = mnist(redis.uri());
             TestServer b = mnist(redis.uri())) {
            HttpResponse<String> accepted = a.post("/v1/svcName/jobs", seed);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String location = accepted.headers().firstValue("location").orElseThrow();

            JsonNode job = JSON.readTree(b.get(location).body());
            Instant deadline = Instant.now().plusSeconds(30);
            while (!job.path("state").asText().equals("done") && Instant.now().isBefore(deadline)) {
                assertThat(job.path("state").asText()).as(job.toString()).isIn("queued", "running");
                Thread.sleep(20);
                job = JSON.readTree(b.get(location).body());
            }
            assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("done");

            JsonNode direct = JSON.readTree(a.post("/v1/svcName", seed).body());
            assertThat(withoutSid(job.path("result"))).isEqualTo(withoutSid(direct));
            assertThat(JSON.readTree(job.at("/result/payload/result/text").asText()).path("result").asInt()).isEqualTo(7);
            assertThat(a.get(location).body()).as("either server reads the same job").isEqualTo(b.get(location).body());
        }
    }
}
