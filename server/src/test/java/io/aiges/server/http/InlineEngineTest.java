package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.engine.config.PoolConfig;
import io.aiges.server.TestServer;
import io.aiges.server.engines.InlineEngine;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** An engine that runs inline is called on the event loop, and its answers and errors are the usual ones. */
class InlineEngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestServer server() {
        return TestServer.javaEngine(InlineEngine.class, new PoolConfig(2, 10, Duration.ofSeconds(5)),
                Duration.ofSeconds(10), 1 << 20);
    }

    @Test
    void itIsCalledOnTheEventLoopAndAnswersAsUsual() throws Exception {
        try (TestServer server = server()) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = server.post("/v1/svcName", HttpApiTest.request("{}", "{}"));
                JsonNode body = JSON.readTree(response.body());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(body.at("/header/code").asInt()).isZero();
                assertThat(body.at("/payload/thread/text").asText()).startsWith("vert.x-eventloop-thread-");
            }
            assertThat(server.server().services().get("svcName").pool().idleCount()).isEqualTo(2);
        }
    }

    @Test
    void itsErrorsAndBugsGetTheUsualCodesAndTheInstanceComesBack() throws Exception {
        try (TestServer server = server()) {
            JsonNode refused = JSON.readTree(server.post("/v1/svcName", HttpApiTest.request("{\"fail\": \"x\"}", "{}")).body());
            assertThat(refused.at("/header/code").asInt()).isEqualTo(10909);
            assertThat(refused.at("/header/message").asText()).isEqualTo("inline engine refuses;code=4242");
            HttpResponse<String> bug = server.post("/v1/svcName", HttpApiTest.request("{\"crash\": \"yes\"}", "{}"));
            assertThat(JSON.readTree(bug.body()).at("/header/code").asInt()).isEqualTo(10909);
            assertThat(server.post("/v1/svcName", HttpApiTest.request("{}", "{}")).statusCode()).isEqualTo(200);
            assertThat(server.server().services().get("svcName").pool().idleCount()).isEqualTo(2);
        }
    }
}
