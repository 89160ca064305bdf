package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.server.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every engine form behind the same HTTP API, end to end: a C engine compiled with gcc here and
 * loaded through FFM (in process and isolated), and an MNIST-shaped Python wrapper.py.
 */
class EngineFormsOverHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path compileEchoEngine() throws Exception {
        return compile("echo_engine.c");
    }

    private Path compile(String source) throws Exception {
        Path library = dir.resolve("libwrapper.so");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-I", REPO.resolve("include").toString(),
                "-o", library.toString(), REPO.resolve("plugin-native/src/test/c").resolve(source).toString())
                .redirectErrorStream(true).start();
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gcc.exitValue()).as(new String(gcc.getInputStream().readAllBytes())).isZero();
        return library;
    }

    private static String textRequest(String text) {
        return """
                {"header": {"appid": "1", "status": 3},
                 "parameter": {"svcName": {"upper": "1", "params": {"data_type": "text"}, "in": {"data_type": "text"}}},
                 "payload": {"in": {"encoding": "utf8", "status": 3, "text": "%s"}}}"""
                .formatted(Base64.getEncoder().encodeToString(text.getBytes()));
    }

    private void assertUpperCased(TestServer server) throws Exception {
        var response = server.post("/v1/svcName", textRequest("hello from c"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.at("/payload/in/text").asText()).isEqualTo("HELLO FROM C");
    }

    @Test
    void aCEngineServesHttpRequests() throws Exception {
        Path library = compileEchoEngine();
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "c", library.getFileName().toString(), null,
                Map.of(), dir);
        try (TestServer server = TestServer.start(spec, new PoolConfig(2, 10, Duration.ofSeconds(5)),
                Duration.ofSeconds(10), 1 << 20)) {
            assertUpperCased(server);
            var failing = server.post("/v1/svcName", textRequest("x").replace("\"upper\": \"1\"", "\"fail\": \"4242\""));
            assertThat(failing.statusCode()).isEqualTo(500);
            JsonNode error = JSON.readTree(failing.body());
            assertThat(error.at("/header/code").asInt()).isEqualTo(10909);
            assertThat(error.at("/header/message").asText()).endsWith(";code=4242");
            assertUpperCased(server);
        }
    }

    @Test
    void anIsolatedCEngineServesHttpRequests() throws Exception {
        Path library = compileEchoEngine();
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "c", library.toString(), null, Map.of(), dir,
                Map.of("isolate", "true"));
        try (TestServer server = TestServer.start(spec, new PoolConfig(2, 10, Duration.ofSeconds(5)),
                Duration.ofSeconds(20), 1 << 20)) {
            assertUpperCased(server);
        }
    }

    /** The isolated engine segfaults: that request gets 10109, the child is restarted, serving goes on. */
    @Test
    void aSegfaultInAnIsolatedEngineCostsOnlyItsRequest() throws Exception {
        Path library = compile("faulty_engine.c");
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "c", library.toString(), null, Map.of(), dir,
                Map.of("isolate", "true"));
        try (TestServer server = TestServer.start(spec, new PoolConfig(2, 10, Duration.ofSeconds(5)),
                Duration.ofSeconds(20), 1 << 20)) {
            var crashed = server.post("/v1/svcName", pidRequest("crash"));
            assertThat(crashed.statusCode()).isEqualTo(500);
            JsonNode error = JSON.readTree(crashed.body());
            assertThat(error.at("/header/code").asInt()).isEqualTo(10109);
            assertThat(error.at("/header/message").asText()).contains("SIGSEGV");
            var next = server.post("/v1/svcName", pidRequest("hello"));
            assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
            assertThat(server.get("/metrics").body()).as("the restart is counted")
                    .contains("aiges_engine_restarts_total{service=\"svcName\"} 1.0");
            assertThat(JSON.readTree(next.body()).at("/payload/pid/text").asText()).matches("\\d+");
        }
    }

    private static String pidRequest(String text) {
        return """
                {"payload": {"in": {"status": 3, "text": "%s"}}}"""
                .formatted(Base64.getEncoder().encodeToString(text.getBytes()));
    }

    @Test
    void anMnistShapedPythonWrapperServesHttpRequests() throws Exception {
        Path wrapper = REPO.resolve("plugin-python/src/test/resources/wrappers/mnist");
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "python", wrapper.toString(), null, Map.of(), dir);
        byte[] seed = Files.readAllBytes(REPO.resolve("fixtures/mnist-seed-request.json"));
        try (TestServer server = TestServer.start(spec, new PoolConfig(2, 10, Duration.ofSeconds(5)),
                Duration.ofSeconds(20), 1 << 22)) {
            var response = server.post("/v1/svcName", seed);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode json = JSON.readTree(response.body());
            assertThat(json.at("/header/code").asInt()).isZero();
            JsonNode answer = JSON.readTree(json.at("/payload/result/text").asText());
            assertThat(answer.get("msg").asText()).startsWith("result is: ");
        }
    }
}
