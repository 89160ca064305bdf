package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.server.PushingEngines;
import io.aiges.server.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Results an engine pushes from its own thread reach a WebSocket client at once, while it sends
 * nothing, instead of with the answer to its next frame.
 */
class WebSocketPushTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static TestServer server(EngineSpec spec) {
        return TestServer.start(spec, new PoolConfig(1, 0, Duration.ZERO), Duration.ofSeconds(10), 1 << 20,
                PushingEngines.PUSH_ONLY);
    }

    @Test
    void aJavaEnginesPushedResultReachesASilentClient() throws Exception {
        try (TestServer server = server(PushingEngines.java()); WsClient ws = new WsClient()) {
            assertPushedThenFinal(server, ws);
        }
    }

    @Test
    void theCStreamingExamplesPushedResultsReachASilentClient() throws Exception {
        try (TestServer server = server(PushingEngines.cStreaming(dir)); WsClient ws = new WsClient()) {
            assertPushedThenFinal(server, ws);
        }
    }

    private static void assertPushedThenFinal(TestServer server, WsClient ws) throws Exception {
        ws.connect(server.port(), "/v1/svcName");
        ws.send(WebSocketSessionTest.frame(0, "hello ", ""));
        // Nothing more is sent: the partial result comes by itself.
        JsonNode partial = JSON.readTree(ws.next());
        assertThat(partial.at("/header/code").asInt()).as(partial.toString()).isZero();
        assertThat(partial.at("/header/status").asInt()).isEqualTo(1);
        assertThat(partial.at("/payload/result/text").asText()).isEqualTo("partial: hello ");
        ws.send(WebSocketSessionTest.frame(1, "big ", ""));
        JsonNode second = JSON.readTree(ws.next());
        assertThat(second.at("/payload/result/text").asText()).isEqualTo("partial: hello big ");
        ws.send(WebSocketSessionTest.frame(2, "world", ""));
        JsonNode last = JSON.readTree(ws.next());
        assertThat(last.at("/header/status").asInt()).isEqualTo(2);
        assertThat(last.at("/payload/result/text").asText()).isEqualTo("final: hello big world");
        assertThat(ws.next()).as("the final result closes the socket; nothing is sent twice").isEqualTo(WsClient.CLOSED);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.server().services().get("svcName").pool().idleCount() < 1) {
            assertThat(System.nanoTime()).as("instance returned to the pool").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
