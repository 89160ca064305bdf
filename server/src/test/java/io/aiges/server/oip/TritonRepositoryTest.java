package io.aiges.server.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.demo.mnist.MnistEngine;
import io.aiges.server.AigesServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model repository laid out for Triton, served as Triton serves it: {@code mnist/config.pbtxt}
 * with dynamic batching and two instances, beside versions 1 and 2 of the demo's model file. The
 * seed request over {@code /v2/models/mnist/infer} answers 7, and the model's configuration
 * answers what the file says.
 */
class TritonRepositoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            name: "mnist"
            platform: "onnxruntime_onnx"
            max_batch_size: 8
            input [ { name: "Input3" data_type: TYPE_FP32 dims: [ 1, 28, 28 ] } ]
            output [ { name: "Plus214_Output_0" data_type: TYPE_FP32 dims: [ 10 ] } ]
            dynamic_batching { preferred_batch_size: [ 4, 8 ] max_queue_delay_microseconds: 500 }
            instance_group [ { count: 2 kind: KIND_CPU } ]
            """;
    private final HttpClient http = HttpClient.newHttpClient();
    private AigesServer server;

    @TempDir
    Path repository;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private void tritonFolder() throws Exception {
        for (String version : List.of("1", "2")) {
            Path folder = Files.createDirectories(repository.resolve("mnist").resolve(version));
            try (InputStream in = MnistEngine.class.getResourceAsStream(MnistEngine.MODEL_RESOURCE)) {
                Files.copy(in, folder.resolve("model.onnx"));
            }
        }
        Files.writeString(repository.resolve("mnist/config.pbtxt"), CONFIG);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSeedRequestsAnswerSevenInBatchesFromTheHighestVersion() throws Exception {
        tritonFolder();
        server = OipServer.start(List.of(), repository, false);
        String request = Files.readString(OipRestTest.fixture());

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return send("POST", "/v2/models/mnist/infer", request);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.join();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("model_name").textValue()).isEqualTo("mnist");
            assertThat(body.get("model_version").textValue()).isEqualTo("2");
            assertThat(OipRestTest.argmax(body.at("/outputs/0/data"))).isEqualTo(7);
        }
    }

    @Test
    void theModelsConfigurationIsTheFiles() throws Exception {
        tritonFolder();
        server = OipServer.start(List.of(), repository, false);

        HttpResponse<String> response = send("GET", "/v2/models/mnist/config", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode config = JSON.readTree(response.body());
        assertThat(config.get("name").textValue()).isEqualTo("mnist");
        assertThat(config.get("platform").textValue()).isEqualTo("onnxruntime_onnx");
        assertThat(config.get("max_batch_size").intValue()).isEqualTo(8);
        assertThat(config.at("/dynamic_batching/preferred_batch_size").toString()).isEqualTo("[4,8]");
        assertThat(config.at("/dynamic_batching/max_queue_delay_microseconds").longValue()).isEqualTo(500);
        assertThat(config.at("/instance_group/0/count").intValue()).isEqualTo(2);
        assertThat(config.at("/input/0/dims").toString()).isEqualTo("[1,28,28]");
    }
}
