package io.aiges.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.RateLimitConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** [fc] router = "qpsLimiter": over the rate, a request gets 10110 with 429 and Retry-After. */
class RateLimitTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void requestsOverTheRateGet429() throws Exception {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, EchoEngine.class.getName(), Map.of(), Path.of("."));
        ServiceConfig service = new ServiceConfig(TestServer.SERVICE, spec, new PoolConfig(3, 10, Duration.ofSeconds(5)),
                Duration.ofSeconds(10), SessionConfig.DEFAULTS, new RateLimitConfig(3, Duration.ofMinutes(1)));
        try (TestServer server = new TestServer(AigesServer.start(new AigesConfig(null, service,
                new HttpConfig("127.0.0.1", 0, 1 << 20))))) {
            String body = HttpApiTest.request("{}", "{}");
            for (int i = 0; i < 3; i++) {
                assertThat(server.post("/v1/svcName", body).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> over = server.post("/v1/svcName", body);
            assertThat(over.statusCode()).isEqualTo(429);
            assertThat(JSON.readTree(over.body()).at("/header/code").asInt()).isEqualTo(10110);
            assertThat(JSON.readTree(over.body()).at("/header/message").asText()).contains("qpsLimiter");
            assertThat(over.headers().firstValue("retry-after")).isPresent();
        }
    }
}
