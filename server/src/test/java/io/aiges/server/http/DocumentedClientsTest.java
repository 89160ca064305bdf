package io.aiges.server.http;

import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.demo.engines.RunningTextEngine;
import io.aiges.server.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The client examples in docs/ run as written against a real server. */
class DocumentedClientsTest {

    @Test
    void theJavaGrpcExampleGetsTheDigit() throws Exception {
        EngineSpec mnist = new EngineSpec(TestServer.SERVICE, "onnx", "builtin:mnist", null, Map.of(), Path.of("."));
        try (TestServer server = TestServer.withGrpc(mnist, new PoolConfig(1, 10, Duration.ofSeconds(5)),
                Duration.ofSeconds(10), 1 << 20, SessionConfig.DEFAULTS)) {
            String java = ProcessHandle.current().info().command().orElseThrow();
            // The test's class path holds what the distribution's lib/ holds: stubs, gRPC, protobuf.
            Process client = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    Path.of("..", "docs", "examples", "GrpcOnce.java").toString(),
                    "127.0.0.1:" + server.grpcPort(), "svcName", Path.of("..", "fixtures", "mnist-seed-digit7.png").toString())
                    .redirectErrorStream(true).start();
            try {
                assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("example finished").isTrue();
                String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(client.exitValue()).as(output).isZero();
                assertThat(output).contains("code 0", "result (TEXT): {\"result\": 7");
            } finally {
                client.destroyForcibly();
            }
        }
    }

    @Test
    void theJavaWebSocketExampleStreamsARunningTranscript() throws Exception {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, RunningTextEngine.class.getName(),
                Map.of(), Path.of("."));
        try (TestServer server = TestServer.start(spec, new PoolConfig(1, 0, Duration.ZERO), Duration.ofSeconds(10),
                1 << 20, SessionConfig.DEFAULTS)) {
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process client = new ProcessBuilder(java, Path.of("..", "docs", "examples", "StreamText.java").toString(),
                    "ws://127.0.0.1:" + server.port() + "/v1/svcName", "hello ", "streaming ", "world")
                    .redirectErrorStream(true).start();
            try {
                assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("example finished").isTrue();
                String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(client.exitValue()).as(output).isZero();
                assertThat(output).contains("\"text\":\"hello \"", "\"text\":\"hello streaming \"",
                        "\"status\":2", "\"text\":\"hello streaming world\"");
            } finally {
                client.destroyForcibly();
            }
        }
    }
}
