package io.aiges.server.net;

import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which browser pages may use the service: by default none but the server's own. Another
 * site's page gets no CORS headers (so its browser keeps the answer from it) and cannot open a
 * WebSocket; clients that are not browsers send no Origin and are served as before.
 */
class BrowserOriginsTest {
    private static final String REQUEST = """
            {"header": {"status": 3}, "parameter": {"svcName": {}},
             "payload": {"data": {"encoding": "raw", "status": 3, "other": "aGk="}}}""";

    private static AigesServer server(List<String> corsOrigins) {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, EchoEngine.class.getName(), Map.of(),
                Path.of("."));
        return AigesServer.start(new AigesConfig(null,
                new ServiceConfig(TestServer.SERVICE, spec, new PoolConfig(1, 4, Duration.ofSeconds(5)), Duration.ofSeconds(10)),
                new HttpConfig("127.0.0.1", 0, 1 << 20, 1).withCorsOrigins(corsOrigins)));
    }

    private static String post(int port, String origin) throws Exception {
        try (RawClient client = RawClient.connect(port)) {
            byte[] body = REQUEST.getBytes(StandardCharsets.UTF_8);
            client.send("POST /v1/svcName HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "Content-Length: " + body.length + "\r\n\r\n");
            client.send(body);
            return client.readAll(5000);
        }
    }

    private static String upgrade(int port, String path, String origin) throws Exception {
        try (RawClient client = RawClient.connect(port)) {
            client.send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n");
            String answer = client.readAll(500);
            return answer.isEmpty() ? "(nothing)" : answer;
        }
    }

    @Test
    void byDefaultOtherSitesGetNoCorsHeadersAndNoWebSocket() throws Exception {
        try (AigesServer server = server(List.of())) {
            int port = server.httpPort();
            String evil = post(port, "https://evil.example");
            assertThat(evil).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("access-control-allow-origin");
            assertThat(post(port, null)).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("access-control");
            for (String path : List.of("/v1/svcName", "/ping")) {
                assertThat(upgrade(port, path, "https://evil.example")).as(path).startsWith("HTTP/1.1 403")
                        .contains("corsOrigins");
                assertThat(upgrade(port, path, "http://127.0.0.1:" + port)).as("%s from its own page", path)
                        .startsWith("HTTP/1.1 101");
                assertThat(upgrade(port, path, null)).as("%s from a client that is no browser", path)
                        .startsWith("HTTP/1.1 101");
            }
        }
    }

    @Test
    void listedOriginsGetCorsAnswersAndWebSockets() throws Exception {
        try (AigesServer server = server(List.of("https://app.example"))) {
            int port = server.httpPort();
            assertThat(post(port, "https://app.example")).startsWith("HTTP/1.1 200")
                    .containsIgnoringCase("access-control-allow-origin: https://app.example");
            assertThat(post(port, "https://evil.example")).doesNotContainIgnoringCase("access-control-allow-origin");
            assertThat(upgrade(port, "/v1/svcName", "https://app.example")).startsWith("HTTP/1.1 101");
            assertThat(upgrade(port, "/v1/svcName", "https://evil.example")).startsWith("HTTP/1.1 403");
        }
        try (AigesServer server = server(List.of("*"))) {
            int port = server.httpPort();
            assertThat(post(port, "https://anyone.example")).containsIgnoringCase("access-control-allow-origin: *");
            assertThat(upgrade(port, "/v1/svcName", "https://anyone.example")).startsWith("HTTP/1.1 101");
        }
    }
}
