package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The user's story: start aiges on the embedded MNIST model, send the seed request, see 7. */
class SeedRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static byte[] seed;

    @BeforeAll
    static void start() throws Exception {
        seed = Files.readAllBytes(Path.of("..", "fixtures", "mnist-seed-request.json"));
        EngineSpec mnist = new EngineSpec(TestServer.SERVICE, "onnx", "builtin:mnist", null, Map.of(), Path.of("."));
        server = TestServer.start(mnist, new PoolConfig(2, 50, Duration.ofSeconds(10)), Duration.ofSeconds(30), 1 << 22);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theSeedRequestAnswersSeven() throws Exception {
        HttpResponse<String> response = server.post("/v1/svcName", seed);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.at("/header/code").asInt()).isZero();
        assertThat(json.at("/header/status").asInt()).isEqualTo(3);
        JsonNode result = json.at("/payload/result");
        assertThat(result.get("encoding").asText()).isEqualTo("utf8");
        assertThat(result.get("compress").asText()).isEqualTo("raw");
        assertThat(result.get("format").asText()).isEqualTo("plain");
        assertThat(result.get("status").asText()).isEqualTo("3");
        assertThat(response.body()).as("attributes in the documented order")
                .contains("{\"compress\":\"raw\",\"encoding\":\"utf8\",\"format\":\"plain\",\"seq\":\"0\",\"status\":\"3\",\"text\":");
        JsonNode answer = JSON.readTree(result.get("text").asText());
        assertThat(answer.get("result").asInt()).isEqualTo(7);
        assertThat(answer.get("msg").asText()).contains("7");
    }

    /** {@code curl -d @file} labels the body as a form; the original reads it as JSON all the same. */
    @Test
    void theSeedRequestSentAsCurlSendsItAnswersSeven() throws Exception {
        HttpResponse<String> response = server.client().send(HttpRequest.newBuilder(server.uri("/v1/svcName"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(seed)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(JSON.readTree(json.at("/payload/result/text").asText()).get("result").asInt()).isEqualTo(7);
    }

    @Test
    void concurrentSeedRequestsAllAnswerSeven() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            all.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return server.post("/v1/svcName", seed);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<HttpResponse<String>> r : all) {
            JsonNode json = JSON.readTree(r.get().body());
            assertThat(JSON.readTree(json.at("/payload/result/text").asText()).get("result").asInt()).isEqualTo(7);
        }
    }

    @Test
    void anImageThatDoesNotDecodeIs10009AndServingGoesOn() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(seed);
        ((ObjectNode) body.at("/payload/img")).put("image", "bm90IGFuIGltYWdl");
        HttpResponse<String> response = server.post("/v1/svcName", JSON.writeValueAsBytes(body));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/header/code").asInt()).isEqualTo(10009);
        assertThat(server.post("/v1/svcName", seed).statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestWithoutTheImageIs400NamingIt() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(seed);
        ObjectNode payload = (ObjectNode) body.get("payload");
        payload.set("picture", payload.remove("img"));
        HttpResponse<String> response = server.post("/v1/svcName", JSON.writeValueAsBytes(body));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/header/code").asInt()).isEqualTo(10009);
        assertThat(JSON.readTree(response.body()).at("/header/message").asText())
                .contains("input 'img' is required").contains("'picture'");
    }

    @Test
    void openApiShowsTheDigitService() throws Exception {
        JsonNode doc = JSON.readTree(server.get("/openapi.json").body());
        JsonNode payload = doc.at("/paths/~1v1~1svcName/post/requestBody/content/application~1json/schema/properties/payload");
        assertThat(payload.at("/properties/img/properties/image/format").asText()).isEqualTo("byte");
        assertThat(payload.at("/required/0").asText()).isEqualTo("img");
    }

    /** The example Swagger UI fills in is a request the demo answers with 7. */
    @Test
    void openApisExampleIsARequestThatAnswersSeven() throws Exception {
        JsonNode doc = JSON.readTree(server.get("/openapi.json").body());
        JsonNode example = doc.at("/paths/~1v1~1svcName/post/requestBody/content/application~1json/example");
        assertThat(example.at("/payload/img/image").asText()).startsWith("iVBORw0KGgo");
        HttpResponse<String> response = server.post("/v1/svcName", JSON.writeValueAsBytes(example));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/payload/result/text").asText()).contains("\"result\": 7");
    }
}
