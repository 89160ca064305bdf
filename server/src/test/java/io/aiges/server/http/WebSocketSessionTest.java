package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.demo.engines.RunningTextEngine;
import io.aiges.server.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Streaming sessions over a real WebSocket against the Java example engine. */
class WebSocketSessionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestServer server(int licence, SessionConfig sessions) {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, RunningTextEngine.class.getName(),
                Map.of(), Path.of("."));
        return TestServer.start(spec, new PoolConfig(licence, 0, Duration.ZERO), Duration.ofSeconds(10), 1 << 20, sessions);
    }

    static String frame(int status, String text, String params) {
        return """
                {"header": {"appid": "1", "status": %d},
                 "parameter": {"svcName": {%s}},
                 "payload": {"text": {"encoding": "utf8", "status": %d, "text": "%s"}}}"""
                .formatted(status, params, status, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** One Vert.x for the many clients of one test, instead of one each. */
    private static final io.vertx.core.Vertx SHARED_VERTX = io.vertx.core.Vertx.vertx();

    private static JsonNode json(String message) throws Exception {
        return JSON.readTree(message);
    }

    private static void awaitIdle(TestServer server, int licence) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.server().services().get("svcName").pool().idleCount() < licence) {
            assertThat(System.nanoTime()).as("instance returned to the pool").isLessThan(deadline);
            Thread.sleep(10);
        }
        assertThat(server.server().services().get("svcName").sessions().size()).isZero();
    }

    @Test
    void framesGetRunningResultsAndTheLastOneEndsTheSession() throws Exception {
        try (TestServer server = server(2, SessionConfig.DEFAULTS); WsClient ws = new WsClient()) {
            ws.connect(server.port(), "/v1/svcName");
            ws.send(frame(0, "hello ", ""));
            JsonNode first = json(ws.next());
            assertThat(first.at("/header/code").asInt()).isZero();
            assertThat(first.at("/header/status").asInt()).isEqualTo(1);
            String sid = first.at("/header/sid").asText();
            assertThat(first.at("/payload/result/text").asText()).isEqualTo("hello ");
            ws.send(frame(1, "streaming ", ""));
            JsonNode second = json(ws.next());
            assertThat(second.at("/payload/result/text").asText()).isEqualTo("hello streaming ");
            assertThat(second.at("/header/sid").asText()).isEqualTo(sid);
            ws.send(frame(2, "world", ""));
            JsonNode last = json(ws.next());
            assertThat(last.at("/header/status").asInt()).isEqualTo(2);
            assertThat(last.at("/payload/result/text").asText()).isEqualTo("hello streaming world");
            assertThat(last.at("/payload/result/status").asText()).isEqualTo("2");
            assertThat(ws.next()).isEqualTo(WsClient.CLOSED);
            awaitIdle(server, 2);
        }
    }

    @Test
    void onlyTheFinalResultWhenRealTimeResultsAreOff() throws Exception {
        SessionConfig afterLast = new SessionConfig(Duration.ofSeconds(15), Duration.ofSeconds(180), false);
        try (TestServer server = server(1, afterLast); WsClient ws = new WsClient()) {
            ws.connect(server.port(), "/v1/svcName");
            ws.send(frame(0, "a", ""));
            ws.send(frame(1, "b", ""));
            ws.send(frame(2, "c", ""));
            JsonNode only = json(ws.next());
            assertThat(only.at("/payload/result/text").asText()).isEqualTo("abc");
            assertThat(only.at("/header/status").asInt()).isEqualTo(2);
            assertThat(ws.next()).isEqualTo(WsClient.CLOSED);
        }
    }

    @Test
    void declaredOutputsAreEchoedAndAnUndeclaredOneEndsTheSessionWith10106() throws Exception {
        try (TestServer server = server(1, SessionConfig.DEFAULTS)) {
            try (WsClient ws = new WsClient()) {
                ws.connect(server.port(), "/v1/svcName");
                ws.send(frame(0, "a", "\"result\": {\"encoding\": \"utf8\", \"format\": \"plain\"}"));
                JsonNode first = json(ws.next());
                assertThat(first.at("/payload/result/format").asText()).isEqualTo("plain");
                assertThat(first.at("/payload/result/text").asText()).isEqualTo("a");
            }
            awaitIdle(server, 1);
            try (WsClient ws = new WsClient()) {
                ws.connect(server.port(), "/v1/svcName");
                ws.send(frame(0, "a", "\"transcript\": {\"encoding\": \"utf8\"}"));
                JsonNode error = json(ws.next());
                assertThat(error.at("/header/code").asInt()).isEqualTo(10106);
                assertThat(error.at("/header/message").asText()).contains("'result'", "transcript");
                assertThat(ws.next()).isEqualTo(WsClient.CLOSED);
            }
            awaitIdle(server, 1);
        }
    }

    @Test
    void aBadFrameGetsAnErrorFrameAndTheServerKeepsServing() throws Exception {
        try (TestServer server = server(1, SessionConfig.DEFAULTS)) {
            try (WsClient ws = new WsClient()) {
                ws.connect(server.port(), "/v1/svcName");
                ws.send(frame(0, "ok", ""));
                assertThat(json(ws.next()).at("/header/code").asInt()).isZero();
                ws.send("{not json");
                JsonNode error = json(ws.next());
                assertThat(error.at("/header/code").asInt()).isEqualTo(10000);
                assertThat(error.at("/header/message").asText()).isNotBlank();
                assertThat(ws.next()).isEqualTo(WsClient.CLOSED);
            }
            awaitIdle(server, 1);
            try (WsClient again = new WsClient()) {
                again.connect(server.port(), "/v1/svcName");
                again.send(frame(2, "fine", ""));
                assertThat(json(again.next()).at("/payload/result/text").asText()).isEqualTo("fine");
            }
        }
    }

    @Test
    void aSessionHoldsItsLicenceSoASecondGets10110() throws Exception {
        try (TestServer server = server(1, SessionConfig.DEFAULTS);
             WsClient first = new WsClient(); WsClient second = new WsClient()) {
            first.connect(server.port(), "/v1/svcName");
            first.send(frame(0, "mine", ""));
            assertThat(json(first.next()).at("/header/code").asInt()).isZero();
            second.connect(server.port(), "/v1/svcName");
            second.send(frame(0, "me too", ""));
            assertThat(json(second.next()).at("/header/code").asInt()).isEqualTo(10110);
            first.closeNow();
            awaitIdle(server, 1);
        }
    }

    @Test
    void aSilentClientIsTimedOutAndItsInstanceFreed() throws Exception {
        SessionConfig quick = new SessionConfig(Duration.ofMillis(300), Duration.ofSeconds(180), true);
        try (TestServer server = server(1, quick); WsClient ws = new WsClient()) {
            ws.connect(server.port(), "/v1/svcName");
            ws.send(frame(0, "then nothing", ""));
            assertThat(json(ws.next()).at("/header/code").asInt()).isZero();
            JsonNode timeout = json(ws.next());
            assertThat(timeout.at("/header/code").asInt()).isEqualTo(10114);
            assertThat(timeout.at("/header/message").asText()).contains("readTimeout");
            assertThat(ws.next()).isEqualTo(WsClient.CLOSED);
            awaitIdle(server, 1);
        }
    }

    @Test
    void aSessionLongerThanTheSessionTimeoutEnds() throws Exception {
        SessionConfig shortLived = new SessionConfig(Duration.ofSeconds(5), Duration.ofMillis(400), true);
        try (TestServer server = server(1, shortLived); WsClient ws = new WsClient()) {
            ws.connect(server.port(), "/v1/svcName");
            ws.send(frame(0, "x", ""));
            assertThat(json(ws.next()).at("/header/code").asInt()).isZero();
            JsonNode ended = json(ws.next());
            assertThat(ended.at("/header/code").asInt()).isEqualTo(10114);
            assertThat(ended.at("/header/message").asText()).contains("sessionTimeout");
            awaitIdle(server, 1);
        }
    }

    @Test
    void aClientThatLeavesMidSessionFreesTheInstance() throws Exception {
        try (TestServer server = server(1, SessionConfig.DEFAULTS); WsClient ws = new WsClient()) {
            ws.connect(server.port(), "/v1/svcName");
            ws.send(frame(0, "half", "\"delayMs\": 200"));
            ws.send(frame(1, "way", ""));
            ws.closeNow();
            awaitIdle(server, 1);
        }
    }

    /** Acceptance: 10 frames, a partial result after each, the final one, a clean close, the licence back. */
    @Test
    void tenFramesGetTenResultsInOrder() throws Exception {
        try (TestServer server = server(3, SessionConfig.DEFAULTS); WsClient ws = new WsClient()) {
            ws.connect(server.port(), "/v1/svcName");
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                int status = i == 0 ? 0 : i == 9 ? 2 : 1;
                String chunk = "f" + i + " ";
                sent.append(chunk);
                ws.send(frame(status, chunk, ""));
                JsonNode result = json(ws.next());
                assertThat(result.at("/header/code").asInt()).isZero();
                assertThat(result.at("/payload/result/text").asText()).isEqualTo(sent.toString());
                assertThat(result.at("/payload/result/seq").asText()).isEqualTo(Integer.toString(i));
                assertThat(result.at("/header/status").asInt()).isEqualTo(i == 9 ? 2 : 1);
            }
            assertThat(ws.next()).isEqualTo(WsClient.CLOSED);
            awaitIdle(server, 3);
        }
    }

    /** 200 clients at once against licence 50: 50 sessions run, the rest get a clean 10110, nothing else. */
    @Test
    void manyMoreSessionsThanLicencesGetClean10110() throws Exception {
        int licence = 50;
        int clients = 200;
        try (TestServer server = server(licence, SessionConfig.DEFAULTS)) {
            List<WsClient> all = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    WsClient ws = new WsClient(SHARED_VERTX);
                    all.add(ws.connect(server.port(), "/v1/svcName"));
                }
                for (WsClient ws : all) {
                    ws.send(frame(0, "hold", ""));
                }
                int admitted = 0;
                int refused = 0;
                for (WsClient ws : all) {
                    int code = json(ws.next()).at("/header/code").asInt();
                    if (code == 0) {
                        admitted++;
                    } else {
                        assertThat(code).isEqualTo(10110);
                        assertThat(ws.next()).isEqualTo(WsClient.CLOSED);
                        refused++;
                    }
                }
                assertThat(admitted).isEqualTo(licence);
                assertThat(refused).isEqualTo(clients - licence);
                assertThat(server.server().services().get("svcName").sessions().size()).isEqualTo(licence);
            } finally {
                all.forEach(WsClient::closeQuietly);
            }
            awaitIdle(server, licence);
        }
    }

    @Test
    void anUnknownServiceRefusesTheUpgrade() {
        try (TestServer server = server(1, SessionConfig.DEFAULTS); WsClient ws = new WsClient()) {
            assertThatThrownBy(() -> ws.connect(server.port(), "/v1/nope")).hasMessageContaining("404");
        }
    }

    @Test
    void aPlainGetExplainsHowToStream() throws Exception {
        try (TestServer server = server(1, SessionConfig.DEFAULTS)) {
            var response = server.get("/v1/svcName");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response.body()).at("/header/message").asText()).contains("WebSocket");
        }
    }

    @Test
    void sessionsAndTheirFramesAreCountedInTheMetrics() throws Exception {
        try (TestServer server = server(2, SessionConfig.DEFAULTS)) {
            try (WsClient ws = new WsClient()) {
                ws.connect(server.port(), "/v1/svcName");
                ws.send(frame(0, "a", ""));
                ws.next();
                ws.send(frame(2, "b", ""));
                ws.next();
                assertThat(ws.next()).isEqualTo(WsClient.CLOSED);
            }
            try (WsClient ws = new WsClient()) {
                ws.connect(server.port(), "/v1/svcName");
                ws.send(frame(0, "left", ""));
                ws.next();
            } // closed by the client before its last frame
            awaitIdle(server, 2);
            String scrape = server.get("/metrics").body();
            assertThat(scrape).contains(
                    "aiges_session_frames_total{frontend=\"websocket\",service=\"svcName\"} 3.0",
                    "aiges_sessions_seconds_count{code=\"0\",frontend=\"websocket\",service=\"svcName\"} 1",
                    "aiges_sessions_seconds_count{code=\"closed\",frontend=\"websocket\",service=\"svcName\"} 1");
        }
    }
}
