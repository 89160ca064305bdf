package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.engine.config.PoolConfig;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The AIGES HTTP API over a real socket, against a Java echo engine. */
class HttpApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_LIMIT = 64 * 1024;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.javaEngine(EchoEngine.class, new PoolConfig(2, 10, Duration.ofSeconds(5)),
                Duration.ofSeconds(10), BODY_LIMIT);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String request(String parameter, String payload) {
        return """
                {"header": {"appid": "123456", "status": 3},
                 "parameter": {"svcName": %s},
                 "payload": %s}""".formatted(parameter, payload);
    }

    static final String DECLARED = """
            {"echo_data": {"encoding": "raw", "compress": "raw", "format": "plain", "data_type": "other"},
             "params": {"encoding": "utf8", "data_type": "text"}}""";

    @Test
    void echoesBinaryAsBase64AndTextRawWithDeclaredDescriptors() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xff, 'a'};
        String body = request(DECLARED, "{\"data\": {\"encoding\": \"raw\", \"status\": 3, \"other\": \""
                + Base64.getEncoder().encodeToString(bytes) + "\"}}");
        HttpResponse<String> response = server.client().send(HttpRequest.newBuilder(server.uri("/v1/svcName"))
                .header("origin", "http://example.test").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.at("/header/code").asInt()).isZero();
        assertThat(json.at("/header/status").asInt()).isEqualTo(3);
        assertThat(json.at("/header/sid").asText()).matches("[0-9a-f-]{36}");
        JsonNode echo = json.at("/payload/echo_data");
        assertThat(Base64.getDecoder().decode(echo.get("other").asText())).isEqualTo(bytes);
        assertThat(echo.get("encoding").asText()).isEqualTo("raw");
        assertThat(echo.get("format").asText()).isEqualTo("plain");
        assertThat(echo.get("seq").asText()).isEqualTo("0");
        assertThat(echo.get("status").asText()).isEqualTo("3");
        assertThat(json.at("/payload/params/text").asText()).contains("sid=" + json.at("/header/sid").asText());
        // No [http] corsOrigins: another site's page is served no CORS answer (BrowserOriginsTest).
        assertThat(response.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void everyRequestGetsItsOwnSid() throws Exception {
        Set<String> sids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            JsonNode json = JSON.readTree(server.post("/v1/svcName", request("{}", "{}")).body());
            sids.add(json.at("/header/sid").asText());
        }
        assertThat(sids).hasSize(20);
    }

    @Test
    void numbersReachTheEngineInPlainDecimal() throws Exception {
        String params = "{\"rate\": 0.1, \"big\": 1e21, \"n\": 16000, \"tiny\": -2.5e-7, \"exact\": 1.50, "
                + "\"flag\": true, \"list\": [1, 2]}";
        JsonNode json = JSON.readTree(server.post("/v1/svcName", request(params, "{}")).body());
        String seen = json.at("/payload/params/text").asText();
        assertThat(seen).contains("rate=0.1\n", "big=1000000000000000000000\n", "n=16000\n",
                "tiny=-0.00000025\n", "exact=1.50\n", "flag=true\n", "list=[1,2]\n");
    }

    @Test
    void jsonObjectPayloadIsSentAsJsonBytes() throws Exception {
        String body = request("{}", "{\"data\": {\"text\": {\"q\": \"hello\"}}}");
        JsonNode json = JSON.readTree(server.post("/v1/svcName", body).body());
        assertThat(json.at("/payload/echo_data/text").asText()).isEqualTo("{\"q\":\"hello\"}");
    }

    @Test
    void undeclaredOutputIsTheOriginals10106() throws Exception {
        String onlyParams = "{\"params\": {\"data_type\": \"text\"}}";
        String body = request(onlyParams, "{\"data\": {\"text\": \"aGk=\"}}");
        HttpResponse<String> response = server.post("/v1/svcName", body);
        // What the request declared decides it: the client's to change, so not a 500.
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/header/code").asInt()).isEqualTo(10106);
    }

    @Test
    void declaredTypeMismatchIs10106() throws Exception {
        String wrongType = "{\"params\": {\"data_type\": \"audio\"}}";
        HttpResponse<String> response = server.post("/v1/svcName", request(wrongType, "{}"));
        JsonNode json = JSON.readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.at("/header/code").asInt()).isEqualTo(10106);
        assertThat(json.at("/header/message").asText()).contains("params", "audio");
    }

    static Stream<Arguments> badRequests() {
        String big = "{\"payload\": {\"data\": {\"other\": \"" + "A".repeat(BODY_LIMIT) + "\"}}}";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"header\": {", 400, 10000),
                Arguments.of("empty body", "", 400, 10000),
                Arguments.of("trailing garbage", "{} {}", 400, 10000),
                Arguments.of("top-level array", "[1, 2]", 400, 10000),
                Arguments.of("header not an object", "{\"header\": 3}", 400, 10000),
                Arguments.of("parameter not an object", "{\"parameter\": [1]}", 400, 10000),
                Arguments.of("service parameters not an object", "{\"parameter\": {\"svcName\": \"x\"}}", 400, 10000),
                Arguments.of("payload not an object", "{\"payload\": \"abc\"}", 400, 10001),
                Arguments.of("payload item not an object", "{\"payload\": {\"data\": 5}}", 400, 10001),
                Arguments.of("payload item without data", "{\"payload\": {\"data\": {\"encoding\": \"jpg\"}}}", 400, 10001),
                Arguments.of("two data fields", "{\"payload\": {\"data\": {\"text\": \"aGk=\", \"image\": \"aGk=\"}}}", 400, 10001),
                Arguments.of("number as data", "{\"payload\": {\"data\": {\"image\": 12}}}", 400, 10001),
                Arguments.of("bad base64", "{\"payload\": {\"data\": {\"image\": \"not*base64!\"}}}", 400, 10001),
                Arguments.of("bad status", "{\"payload\": {\"data\": {\"image\": \"aGk=\", \"status\": 7}}}", 400, 10001),
                Arguments.of("status not a number", "{\"payload\": {\"data\": {\"image\": \"aGk=\", \"status\": \"x\"}}}", 400, 10001),
                Arguments.of("parameter of the wrong type", request("{\"sleepMs\": \"soon\"}", "{}"), 400, 10107),
                Arguments.of("engine rejects input", request("{\"fail\": \"input\"}", "{}"), 400, 10009),
                Arguments.of("engine fails with its own code", request("{\"fail\": \"own\"}", "{}"), 500, 10909),
                Arguments.of("engine throws", request("{\"fail\": \"crash\"}", "{}"), 500, 10909),
                Arguments.of("engine process died", request("{\"fail\": \"died\"}", "{}"), 500, 10109),
                Arguments.of("body over the limit", big, 413, 10009));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputGetsItsCodeAndTheServerKeepsServing(String what, String body, int status, int code) throws Exception {
        HttpResponse<String> response = server.post("/v1/svcName", body);
        assertThat(response.statusCode()).as(what).isEqualTo(status);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.at("/header/code").asInt()).as(what + ": " + response.body()).isEqualTo(code);
        assertThat(json.at("/header/message").asText()).isNotBlank()
                .as("a message for users: no exception's name, even from an engine that throws").doesNotContain("Exception");
        assertThat(json.at("/header/sid").asText()).isNotBlank();
        assertStillServing();
    }

    /** A streamed body without Content-Length is cut off at the limit too. */
    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        byte[] big = ("{\"payload\": {\"data\": {\"other\": \"" + "A".repeat(4 * BODY_LIMIT) + "\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = server.client().send(HttpRequest.newBuilder(server.uri("/v1/svcName"))
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).at("/header/code").asInt()).isEqualTo(10009);
        assertStillServing();
    }

    @Test
    void engineCodeIsAppendedToTheMessage() throws Exception {
        JsonNode json = JSON.readTree(server.post("/v1/svcName", request("{\"fail\": \"own\"}", "{}")).body());
        assertThat(json.at("/header/message").asText()).isEqualTo("engine is unhappy;code=4242");
    }

    @Test
    void unknownServiceIs404With10404() throws Exception {
        HttpResponse<String> response = server.post("/v1/nope", request("{}", "{}"));
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.at("/header/code").asInt()).isEqualTo(10404);
        assertThat(json.at("/header/message").asText()).contains("nope", "svcName");
    }

    @Test
    void wrongMethodIs405() throws Exception {
        HttpResponse<String> response = server.client().send(HttpRequest.newBuilder(server.uri("/v1/svcName"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(JSON.readTree(response.body()).at("/header/code").asInt()).isEqualTo(10003);
        assertStillServing();
    }

    @Test
    void unknownPathIs404() throws Exception {
        HttpResponse<String> response = server.get("/nowhere");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).at("/header/code").asInt()).isEqualTo(10404);
    }

    @Test
    void pingAnswersPong() throws Exception {
        HttpResponse<String> response = server.get("/ping");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("pong");
    }

    @Test
    void openApiDescribesTheServiceFromItsSchema() throws Exception {
        HttpResponse<String> response = server.get("/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = JSON.readTree(response.body());
        assertThat(doc.get("openapi").asText()).isEqualTo("3.0.3");
        JsonNode post = doc.at("/paths/~1v1~1svcName/post");
        assertThat(post.isObject()).isTrue();
        JsonNode request = post.at("/requestBody/content/application~1json/schema/properties");
        assertThat(request.at("/payload/properties/data/properties/other/format").asText()).isEqualTo("byte");
        assertThat(request.at("/parameter/properties/svcName/properties/sleepMs/type").asText()).isEqualTo("integer");
        assertThat(post.at("/responses/200/content/application~1json/schema/properties/payload/properties/params")
                .isObject()).isTrue();
        assertThat(post.at("/responses/429").isObject()).isTrue();
        // The same service as an async job and over the Open Inference Protocol, and the job status route.
        assertThat(doc.at("/paths/~1v1~1svcName~1jobs/post/responses/202").isObject()).isTrue();
        assertThat(doc.at("/paths/~1v1~1svcName~1jobs/post/requestBody/content/application~1json/schema/properties")
                .equals(request)).isTrue();
        assertThat(doc.at("/paths/~1v1~1jobs~1{id}/get/parameters/0/name").asText()).isEqualTo("id");
        assertThat(doc.at("/paths/~1v2~1models~1svcName~1infer/post/responses/200").isObject()).isTrue();
    }

    @Test
    void swaggerUiIsServedLocally() throws Exception {
        HttpResponse<String> page = server.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/swagger/swagger-ui-bundle.js", "/openapi.json").doesNotContain("https://");
        HttpResponse<String> bundle = server.get("/swagger/swagger-ui-bundle.js");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body().length()).isGreaterThan(100_000);
        assertThat(server.get("/swagger/index.html").body()).isEqualTo(page.body());
    }

    private static void assertStillServing() throws Exception {
        HttpResponse<String> ok = server.post("/v1/svcName", request("{}", "{\"data\": {\"text\": \"aGk=\"}}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).at("/payload/echo_data/text").asText()).isEqualTo("hi");
    }
}
