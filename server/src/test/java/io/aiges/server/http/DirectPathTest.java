package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiges.config.AigesConfig;
import io.aiges.api.EngineSpec;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import io.aiges.server.engines.InlineEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain {@code POST /v1/{service}} is served without Vert.x Web's router, every other request
 * through it (a CORS {@code Origin}, an encoded path). Both must answer alike: every case is
 * sent both ways and the answers compared, sid aside.
 */
class DirectPathTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 4096;
    private static TestServer server;

    @BeforeAll
    static void start() {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, EchoEngine.class.getName(), Map.of(), Path.of("."));
        server = new TestServer(AigesServer.start(new AigesConfig(null,
                new ServiceConfig(TestServer.SERVICE, spec, new PoolConfig(2, 10, Duration.ofSeconds(5)), Duration.ofSeconds(10)),
                // CORS on, so that requests with an Origin take the router.
                new HttpConfig("127.0.0.1", 0, MAX_BODY, 2).withCorsOrigins(List.of("*")))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an answer        | /v1/svcName  | {"header": {"appid": "1"}, "parameter": {"svcName": {}}, "payload": {"a": {"encoding": "raw", "text": "aGk="}}} | 200
            broken JSON      | /v1/svcName  | {"header": | 400
            bad base64       | /v1/svcName  | {"parameter": {"svcName": {}}, "payload": {"a": {"text": "***"}}} | 400
            an engine error  | /v1/svcName  | {"parameter": {"svcName": {"fail": "own"}}, "payload": {"a": {"text": "aGk="}}} | 500
            unknown service  | /v1/nobody   | {"header": {}} | 404
            async marker     | /v1/svcName  | {"header": {"downMethod": "async"}, "parameter": {"svcName": {}}, "payload": {"a": {"text": "aGk="}}} | 202
            """)
    void directAndRoutedRequestsAnswerAlike(String what, String path, String body, int status) throws Exception {
        HttpResponse<String> direct = post(path, body, null);
        HttpResponse<String> routed = post(path, body, "http://example.test");
        assertThat(direct.statusCode()).as(direct.body()).isEqualTo(status);
        assertThat(routed.statusCode()).as(routed.body()).isEqualTo(status);
        assertThat(withoutIds(direct.body())).isEqualTo(withoutIds(routed.body()));
        assertThat(direct.headers().firstValue("content-type")).isEqualTo(routed.headers().firstValue("content-type"));
        assertThat(direct.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(routed.headers().firstValue("access-control-allow-origin")).isPresent();
    }

    @Test
    void anEncodedPathGoesThroughTheRouterAndIsServedAsBefore() throws Exception {
        String body = "{\"parameter\": {\"svcName\": {}}, \"payload\": {\"a\": {\"text\": \"aGk=\"}}}";
        HttpResponse<String> encoded = post("/v1/svc%4Eame", body, null);
        assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);
        assertThat(JSON.readTree(encoded.body()).at("/payload/echo_a/text").asText()).isEqualTo("hi");
        assertThat(post("/v1/svcName/", body, null).statusCode()).isIn(200, 404);
        assertThat(post("/v1/..", body, null).statusCode()).isIn(404, 405);
    }

    /** A body over the limit gets 413 and 10009 at once, before the body is sent, and the connection is to close. */
    @ParameterizedTest(name = "origin {0}")
    @CsvSource({"false", "true"})
    void anOversizedBodyIsRefusedOnBothPaths(boolean withOrigin) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            String head = "POST /v1/svcName HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + (withOrigin ? "Origin: http://example.test\r\n" : "")
                    + "Content-Length: " + (MAX_BODY + 1) + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readAnswer(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer.toLowerCase()).contains("connection: close");
            assertThat(answer).contains("\"code\":10009").contains("maxBodySize");
        }
    }

    @Test
    void connectionsAreSpreadOverTheEventLoops() throws Exception {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, InlineEngine.class.getName(), Map.of(), Path.of("."));
        try (TestServer inline = new TestServer(AigesServer.start(new AigesConfig(null,
                new ServiceConfig(TestServer.SERVICE, spec, new PoolConfig(2, 10, Duration.ofSeconds(5)), Duration.ofSeconds(10)),
                new HttpConfig("127.0.0.1", 0, MAX_BODY, 2))))) {
            Set<String> threads = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                // A client of its own each time: a new connection, which the next server takes.
                try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(inline.uri("/v1/svcName"))
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(HttpApiTest.request("{}", "{}"))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    threads.add(JSON.readTree(answer.body()).at("/payload/thread/text").asText());
                }
            }
            assertThat(threads).hasSize(2).allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
        }
    }

    /** A client that connects and says nothing, or stops after an answer, is disconnected after the idle timeout. */
    @Test
    void silentConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, EchoEngine.class.getName(), Map.of(), Path.of("."));
        try (TestServer idle = new TestServer(AigesServer.start(new AigesConfig(null,
                new ServiceConfig(TestServer.SERVICE, spec, new PoolConfig(2, 10, Duration.ofSeconds(5)), Duration.ofSeconds(10)),
                new HttpConfig("127.0.0.1", 0, MAX_BODY, 2, Duration.ofMillis(500)))));
             Socket silent = new Socket(InetAddress.getLoopbackAddress(), idle.port());
             Socket answered = new Socket(InetAddress.getLoopbackAddress(), idle.port())) {
            String body = "{\"payload\": {\"a\": {\"text\": \"aGk=\"}}}";
            answered.getOutputStream().write(("POST /v1/svcName HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            for (Socket socket : List.of(silent, answered)) {
                socket.setSoTimeout(10_000);
                long started = System.nanoTime();
                byte[] seen = socket.getInputStream().readAllBytes(); // returns at the server's close
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
                if (socket == answered) {
                    assertThat(new String(seen, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
                } else {
                    assertThat(seen).isEmpty();
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"svcName,true", "a.b-c_9,true", "'',false", ".,false", "..,false", "a/b,false", "a%41,false",
            "a b,false", "é,false"})
    void onlyPlainServiceNamesTakeTheDirectPath(String name, boolean plain) {
        assertThat(HttpFrontEnd.isPlainName(name)).isEqualTo(plain);
    }

    private static HttpResponse<String> post(String path, String body, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("origin", origin);
        }
        return server.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer without what differs by design between two requests: sids, job ids and times. */
    private static JsonNode withoutIds(String body) throws Exception {
        JsonNode json = JSON.readTree(body.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "SID"));
        if (json.path("header") instanceof ObjectNode header) {
            header.remove("sid");
        }
        if (json instanceof ObjectNode job && job.has("id")) {
            job.remove(java.util.List.of("id", "created", "updated", "submitted", "started", "finished"));
        }
        return json;
    }

    /** One HTTP/1.1 answer: its head, then as many body bytes as its Content-Length says. */
    private static String readAnswer(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        assertThat(length.find()).as(head.toString()).isTrue();
        return head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
    }
}
