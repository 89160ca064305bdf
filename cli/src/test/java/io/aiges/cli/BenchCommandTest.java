package io.aiges.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.EngineSpec;
import io.aiges.config.ConfigLoader;
import io.aiges.config.AigesConfig;
import io.aiges.config.GrpcConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.demo.engines.RunningTextEngine;
import io.aiges.server.AigesServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code aiges bench} as a user runs it: real servers on loopback, the real clients, the printed summary. */
class BenchCommandTest {
    private static final String ECHO_BODY = """
            {"header": {"appid": "1"}, "parameter": {"svcName": {"x": "1"}},
             "payload": {"data": {"encoding": "utf8", "status": 3, "text": "aGVsbG8="}}}""";
    private static final String STREAM_BODY = """
            {"header": {"status": 0}, "parameter": {"svcName": {}}, "payload": {"text": {"encoding": "utf8", "status": 0, "text": "aGVs"}}}
            {"header": {"status": 2}, "payload": {"text": {"encoding": "utf8", "status": 2, "text": "bG8="}}}
            """;
    /** One request, sent as every frame of a session with --frames. */
    private static final String FRAME_BODY = """
            {"header": {"appid": "1"}, "parameter": {"svcName": {}}, "payload": {"text": {"encoding": "utf8", "text": "aGVs"}}}""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static AigesServer echo;
    private static AigesServer runningText;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() {
        echo = AigesServer.start(javaService(EchoEngine.class, new GrpcConfig(true, "127.0.0.1", 0)));
        runningText = AigesServer.start(javaService(RunningTextEngine.class, new GrpcConfig(true, "127.0.0.1", 0)));
    }

    @AfterAll
    static void stopServers() {
        echo.close();
        runningText.close();
    }

    private static AigesConfig javaService(Class<?> engine, GrpcConfig grpc) {
        EngineSpec spec = new EngineSpec("svcName", "java", null, engine.getName(), Map.of(), Path.of("."));
        return new AigesConfig(null,
                new ServiceConfig("svcName", spec, new PoolConfig(4, 64, Duration.ofSeconds(5)), Duration.ofSeconds(10)),
                new HttpConfig("127.0.0.1", 0, 1 << 20), grpc);
    }

    private static String http(AigesServer server) {
        return "http://127.0.0.1:" + server.httpPort() + "/v1/svcName";
    }

    private Cli bench(String body, String... args) throws Exception {
        Files.writeString(dir.resolve("body.json"), body);
        String[] all = new String[args.length + 3];
        all[0] = "bench";
        all[1] = "--body";
        all[2] = "body.json";
        System.arraycopy(args, 0, all, 3, args.length);
        return Cli.run(dir, all);
    }

    private static JsonNode json(Cli cli) throws Exception {
        assertThat(cli.exit()).as("exit code; stderr: %s", cli.err()).isZero();
        return JSON.readTree(cli.out());
    }

    @Test
    void aClosedLoopOfTwoHundredRequestsAllSucceed() throws Exception {
        Cli cli = bench(ECHO_BODY, "-n", "200", "-c", "4", http(echo));

        assertThat(cli.exit()).as("stderr: %s", cli.err()).isZero();
        assertThat(cli.out()).contains("closed loop, concurrency 4", "requests    200 (200 ok, 0 failed)",
                "throughput", "p50", "p99.9");
        assertThat(cli.err()).as("no progress line when stderr is not a terminal").isEmpty();
    }

    @Test
    void jsonSummaryHasEveryField() throws Exception {
        JsonNode summary = json(bench(ECHO_BODY, "-n", "50", "-c", "2", "--warmup", "200ms", "--json", http(echo)));

        assertThat(summary.path("frontend").asText()).isEqualTo("http");
        assertThat(summary.path("mode").asText()).isEqualTo("closed");
        assertThat(summary.path("concurrency").asInt()).isEqualTo(2);
        assertThat(summary.path("requests").asLong()).as("warm-up requests are not counted").isEqualTo(50);
        assertThat(summary.path("ok").asLong()).isEqualTo(50);
        assertThat(summary.path("errors").isObject()).isTrue();
        assertThat(summary.path("errors").size()).isZero();
        assertThat(summary.path("throughput").asDouble()).isPositive();
        assertThat(summary.path("seconds").asDouble()).isPositive();
        JsonNode latency = summary.path("latencyMs");
        for (String field : new String[] {"p50", "p90", "p99", "p99.9", "max", "mean"}) {
            assertThat(latency.path(field).isNumber()).as("latencyMs.%s in %s", field, summary).isTrue();
        }
        assertThat(latency.path("p50").asDouble()).isLessThanOrEqualTo(latency.path("p99").asDouble());
        assertThat(latency.path("p99").asDouble()).isLessThanOrEqualTo(latency.path("max").asDouble());
    }

    @Test
    void errorsAreCountedByTheirAigesCode() throws Exception {
        JsonNode summary = json(bench("this is not JSON", "-n", "20", "-c", "2", "--json", http(echo)));

        assertThat(summary.path("requests").asLong()).isEqualTo(20);
        assertThat(summary.path("ok").asLong()).isZero();
        assertThat(summary.path("errors").path("10000").asLong()).as("bad JSON is 10000: %s", summary).isEqualTo(20);
    }

    @Test
    void aRefusedConnectionCountsAsTransportErrors() throws Exception {
        JsonNode summary = json(bench(ECHO_BODY, "-n", "5", "-c", "1", "--json", "http://127.0.0.1:1/v1/svcName"));

        assertThat(summary.path("errors").path("transport").asLong()).as("%s", summary).isEqualTo(5);
    }

    @Test
    void aRequestPastTheTimeoutCountsAsTimeout() throws Exception {
        JsonNode summary = json(bench(ECHO_BODY.replace("\"x\": \"1\"", "\"sleepMs\": 400"),
                "-n", "2", "-c", "2", "--timeout", "100ms", "--json", http(echo)));

        assertThat(summary.path("errors").path("timeout").asLong()).as("%s", summary).isEqualTo(2);
        assertThat(summary.path("latencyMs").path("max").asDouble()).isLessThan(400);
    }

    @Test
    void anOpenLoopSendsAtTheAskedRate() throws Exception {
        JsonNode summary = json(bench(ECHO_BODY, "--rate", "50", "-d", "1s", "--json", http(echo)));

        assertThat(summary.path("mode").asText()).isEqualTo("open");
        assertThat(summary.path("targetRate").asDouble()).isEqualTo(50);
        assertThat(summary.path("errors").size()).as("%s", summary).isZero();
        // Loose bounds: the schedule is exact, the clock of a loaded 2-core machine is not.
        assertThat(summary.path("throughput").asDouble()).isBetween(25.0, 75.0);
    }

    @Test
    void webSocketSessionsStreamEveryFrameToTheFinalResult() throws Exception {
        JsonNode summary = json(bench(STREAM_BODY, "-n", "40", "-c", "4", "--json",
                "ws://127.0.0.1:" + runningText.httpPort() + "/v1/svcName"));

        assertThat(summary.path("frontend").asText()).isEqualTo("websocket");
        assertThat(summary.path("requests").asLong()).isEqualTo(40);
        assertThat(summary.path("ok").asLong()).as("%s", summary).isEqualTo(40);
    }

    @Test
    void webSocketSessionsOfNFramesReportSessionsAndPerFrameLatency() throws Exception {
        JsonNode summary = json(bench(FRAME_BODY, "-n", "20", "-c", "2", "--frames", "10", "--json",
                "ws://127.0.0.1:" + runningText.httpPort() + "/v1/svcName"));

        assertThat(summary.path("frontend").asText()).isEqualTo("websocket");
        assertThat(summary.path("ok").asLong()).as("%s", summary).isEqualTo(20);
        assertThat(summary.path("framesPerSession").asInt()).isEqualTo(10);
        assertThat(summary.path("frames").asLong()).as("every frame answered and timed").isEqualTo(200);
        JsonNode frame = summary.path("frameLatencyMs");
        assertThat(frame.path("p50").asDouble()).isPositive().isLessThanOrEqualTo(frame.path("max").asDouble());
        assertThat(frame.path("max").asDouble()).as("a frame is part of its session")
                .isLessThanOrEqualTo(summary.path("latencyMs").path("max").asDouble());
    }

    @Test
    void grpcStreamSessionsOfNFramesReportSessionsAndPerFrameLatency() throws Exception {
        Cli cli = bench(FRAME_BODY, "-n", "20", "-c", "2", "--stream", "--frames", "5",
                "grpc://127.0.0.1:" + runningText.grpcPort() + "/svcName");

        assertThat(cli.exit()).as("stderr: %s", cli.err()).isZero();
        assertThat(cli.out()).contains("sessions    20 (20 ok, 0 failed), 5 frames each", "sessions/s",
                "(whole session)", "frame ms    p50", "(100 frames)");
    }

    @Test
    void aLockstepSessionWhoseFramesGetNoResultEndsAsTimeout() throws Exception {
        EngineSpec spec = new EngineSpec("svcName", "java", null, RunningTextEngine.class.getName(), Map.of(), Path.of("."));
        SessionConfig resultsAfterLastOnly = new SessionConfig(Duration.ofSeconds(15), Duration.ofSeconds(180), false);
        try (AigesServer quiet = AigesServer.start(new AigesConfig(null,
                new ServiceConfig("svcName", spec, new PoolConfig(2, 8, Duration.ofSeconds(5)), Duration.ofSeconds(10),
                        resultsAfterLastOnly),
                new HttpConfig("127.0.0.1", 0, 1 << 20)))) {
            JsonNode summary = json(bench(FRAME_BODY, "-n", "2", "-c", "2", "--frames", "3", "--timeout", "300ms", "--json",
                    "ws://127.0.0.1:" + quiet.httpPort() + "/v1/svcName"));

            assertThat(summary.path("errors").path("timeout").asLong()).as("%s", summary).isEqualTo(2);
            assertThat(summary.path("frames").asLong()).isZero();
        }
    }

    @Test
    void grpcStreamSendsTheBodyLinesAsOneSession() throws Exception {
        JsonNode summary = json(bench(STREAM_BODY, "-n", "30", "-c", "3", "--stream", "--json",
                "grpc://127.0.0.1:" + runningText.grpcPort() + "/svcName"));

        assertThat(summary.path("frontend").asText()).isEqualTo("grpc-stream");
        assertThat(summary.path("ok").asLong()).as("%s", summary).isEqualTo(30);
        assertThat(summary.has("frameLatencyMs")).as("frames sent at once are not timed one by one").isFalse();
        JsonNode unknown = json(bench(STREAM_BODY, "-n", "4", "-c", "2", "--stream", "--json",
                "grpc://127.0.0.1:" + runningText.grpcPort() + "/noSuchService"));
        assertThat(unknown.path("errors").path("10404").asLong()).as("%s", unknown).isEqualTo(4);
    }

    @Test
    void grpcOnceCallsTranslateTheHttpBody() throws Exception {
        JsonNode summary = json(bench(ECHO_BODY, "-n", "100", "-c", "4", "--json",
                "grpc://127.0.0.1:" + echo.grpcPort() + "/svcName"));

        assertThat(summary.path("frontend").asText()).isEqualTo("grpc");
        assertThat(summary.path("ok").asLong()).as("%s", summary).isEqualTo(100);
    }

    @Test
    void grpcErrorsAreCountedByTheAigesCodeTrailer() throws Exception {
        JsonNode summary = json(bench(ECHO_BODY, "-n", "10", "-c", "2", "--json",
                "grpc://127.0.0.1:" + echo.grpcPort() + "/noSuchService"));

        assertThat(summary.path("errors").path("10404").asLong()).as("%s", summary).isEqualTo(10);
    }

    @Test
    void theMnistDemoAnswersTheSeedRequestUnderLoad() throws Exception {
        try (AigesServer demo = AigesServer.start(ConfigLoader.demoDefaults("127.0.0.1", 0, 0))) {
            Path seed = Path.of("../fixtures/mnist-seed-request.json").toAbsolutePath();
            Cli cli = Cli.run(dir, "bench", "--body", seed.toString(), "-n", "30", "-c", "2", "--json",
                    "http://localhost:" + demo.httpPort() + "/v1/svcName");

            JsonNode summary = json(cli);
            assertThat(summary.path("ok").asLong()).as("%s", summary).isEqualTo(30);
        }
    }

    @Test
    void aHostOtherThanThisMachineIsRefused() throws Exception {
        Cli cli = bench(ECHO_BODY, "-n", "1", "http://192.0.2.1:1888/v1/svcName");

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("refusing to load 192.0.2.1: it is not this machine", "--allow-remote");
        assertThat(bench(ECHO_BODY, "-n", "1", "grpc://example.com:5090/svcName").exit()).isEqualTo(2);
    }

    @Test
    void aRunWithoutAnEndIsRefused() throws Exception {
        Cli cli = bench(ECHO_BODY, http(echo));

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("give -n/--requests or -d/--duration");
    }

    @Test
    void badOptionsExitTwoWithTheReason() throws Exception {
        assertRefused(bench(ECHO_BODY, "-n", "10", "-c", "-1", http(echo)), "-c/--concurrency: expected at least 1, got -1");
        assertRefused(bench(ECHO_BODY, "-n", "0", http(echo)), "-n/--requests: expected at least 1, got 0");
        assertRefused(bench(ECHO_BODY, "--rate", "0", "-d", "1s", http(echo)), "--rate: expected requests a second above 0");
        assertRefused(bench(ECHO_BODY, "-d", "soon", http(echo)), "expected a duration such as 500ms, 30s");
        assertRefused(bench(ECHO_BODY, "-n", "1", "ftp://127.0.0.1/v1/svcName"), "expected a URL starting http://, ws://, grpc:// or oip+grpc://");
        assertRefused(Cli.run(dir, "bench", "--body", "missing.json", "-n", "1", http(echo)), "--body: no such file");
        assertRefused(bench(ECHO_BODY, "-n", "1", "--frames", "3", http(echo)), "--frames is for streaming sessions");
        assertRefused(bench(ECHO_BODY, "-n", "1", "--stream", "ws://127.0.0.1:1/v1/svcName"), "--stream picks gRPC's Stream call");
        assertRefused(bench(ECHO_BODY, "-n", "1", "--frames", "0", "ws://127.0.0.1:1/v1/svcName"), "--frames: expected at least 1");
        assertRefused(bench(STREAM_BODY, "-n", "1", "--frames", "3", "ws://127.0.0.1:1/v1/svcName"),
                "--body: with --frames the body is one request JSON object");
    }

    private static void assertRefused(Cli cli, String message) {
        assertThat(cli.exit()).as("exit code; stderr: %s", cli.err()).isEqualTo(2);
        assertThat(cli.err()).contains(message);
    }
}
