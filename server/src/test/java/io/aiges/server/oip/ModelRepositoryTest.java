package io.aiges.server.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.demo.mnist.MnistEngine;
import io.aiges.server.AigesServer;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aiges serve --model-repository DIR}: every {@code DIR/{name}/{version}} served at start,
 * and with model control on, models dropped in later (or new versions) loaded, and models
 * unloaded, through the API while the server runs.
 */
class ModelRepositoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path repository;

    private static void mnistModel(Path folder) throws Exception {
        Files.createDirectories(folder);
        try (InputStream in = MnistEngine.class.getResourceAsStream(MnistEngine.MODEL_RESOURCE)) {
            Files.copy(in, folder.resolve("model.onnx"));
        }
    }

    private HttpResponse<String> call(AigesServer server, String method, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode inferSeven(AigesServer server, String model, int status) throws Exception {
        HttpResponse<String> response = call(server, "POST", "/v2/models/" + model + "/infer",
                Files.readString(OipRestTest.fixture()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode answer = JSON.readTree(response.body());
        if (status == 200) {
            assertThat(OipRestTest.argmax(answer.at("/outputs/0/data"))).isEqualTo(7);
        }
        return answer;
    }

    private JsonNode index(AigesServer server, String body) throws Exception {
        HttpResponse<String> response = call(server, "POST", "/v2/repository/index", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void modelsDroppedInAreLoadedReloadedAndUnloadedWithoutARestart() throws Exception {
        mnistModel(repository.resolve("digits/1"));
        Files.createDirectories(repository.resolve("echoer/1"));
        Files.writeString(repository.resolve("echoer/config.properties"),
                "form = java\nclass = " + TensorEchoEngine.class.getName() + "\nlicence = 1\n");
        try (AigesServer server = OipServer.start(List.of(), repository, true)) {
            assertThat(inferSeven(server, "digits", 200).get("model_version").textValue()).isEqualTo("1");
            assertThat(call(server, "GET", "/v2/models/echoer", null).body()).contains("\"platform\":\"aiges_java\"");
            assertThat(call(server, "GET", "/v2", null).body()).contains("model_repository");
            assertThat(index(server, null).toString()).isEqualTo("[{\"name\":\"digits\",\"version\":\"1\",\"state\":\"READY\","
                    + "\"reason\":\"\"},{\"name\":\"echoer\",\"version\":\"1\",\"state\":\"READY\",\"reason\":\"\"}]");

            // A new model dropped in is listed, but served only once loaded.
            mnistModel(repository.resolve("later/3"));
            assertThat(index(server, "{}").toString()).contains("{\"name\":\"later\",\"version\":\"3\",\"state\":\"UNAVAILABLE\"");
            assertThat(index(server, "{\"ready\": true}")).hasSize(2);
            inferSeven(server, "later", 404);
            assertThat(call(server, "POST", "/v2/repository/models/later/load", null).statusCode()).isEqualTo(200);
            assertThat(inferSeven(server, "later", 200).get("model_version").textValue()).isEqualTo("3");
            assertThat(call(server, "GET", "/v2/models/later/versions/3/ready", null).statusCode()).isEqualTo(200);

            // A new version replaces the old one on load.
            mnistModel(repository.resolve("digits/12"));
            assertThat(call(server, "POST", "/v2/repository/models/digits/load", null).statusCode()).isEqualTo(200);
            assertThat(inferSeven(server, "digits", 200).get("model_version").textValue()).isEqualTo("12");
            assertThat(call(server, "GET", "/v2/models/digits/versions/1", null).statusCode()).isEqualTo(404);

            assertThat(call(server, "POST", "/v2/repository/models/digits/unload", null).statusCode()).isEqualTo(200);
            assertThat(inferSeven(server, "digits", 404).get("error").textValue()).contains("digits");
            assertThat(call(server, "POST", "/v1/digits", "{}").statusCode()).isEqualTo(404);
            assertThat(index(server, null).toString()).contains("{\"name\":\"digits\",\"version\":\"12\",\"state\":\"UNAVAILABLE\"");
            assertThat(call(server, "POST", "/v2/repository/models/digits/unload", null).statusCode()).isEqualTo(404);
            inferSeven(server, "later", 200);
        }
    }

    @Test
    void aModelThatDoesNotLoadIsReportedAndTheOthersServeOn() throws Exception {
        mnistModel(repository.resolve("digits/1"));
        try (AigesServer server = OipServer.start(List.of(), repository, true)) {
            Files.createDirectories(repository.resolve("broken/1"));
            Files.writeString(repository.resolve("broken/1/model.onnx"), "not a model");
            HttpResponse<String> load = call(server, "POST", "/v2/repository/models/broken/load", null);
            assertThat(load.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(load.body()).get("error").textValue()).contains("broken");
            assertThat(index(server, null).toString()).contains("\"name\":\"broken\"", "\"state\":\"UNAVAILABLE\"",
                    "could not be loaded");
            // The server's own folders are no client's business: paths are shown from the repository's root.
            String root = repository.toAbsolutePath().normalize().toString();
            assertThat(load.body()).contains("broken/1/model.onnx").doesNotContain(root);
            assertThat(index(server, null).toString()).doesNotContain(root);
            HttpResponse<String> nosuch = call(server, "POST", "/v2/repository/models/nosuch/load", null);
            assertThat(nosuch.statusCode()).isEqualTo(404);
            assertThat(nosuch.body()).doesNotContain(root);
            assertThat(call(server, "POST", "/v2/repository/models/..%2F..%2Fetc/load", null).statusCode()).isEqualTo(404);
            inferSeven(server, "digits", 200);
        }
    }

    @TempDir
    Path elsewhere;

    /** A link out of the repository is refused on load by the API as at start; links inside are followed. */
    @Test
    void aModelLinkedOutsideTheRepositoryIsRefusedByTheLoadApi() throws Exception {
        mnistModel(repository.resolve("digits/1"));
        try (AigesServer server = OipServer.start(List.of(), repository, true)) {
            mnistModel(elsewhere.resolve("v1"));
            Files.createDirectories(repository.resolve("linked"));
            Files.createSymbolicLink(repository.resolve("linked/1"), elsewhere.resolve("v1"));
            HttpResponse<String> load = call(server, "POST", "/v2/repository/models/linked/load", null);
            assertThat(load.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(load.body()).get("error").textValue())
                    .contains("linked/1 resolves outside the model repository", "followSymlinks")
                    .doesNotContain(elsewhere.toString()).doesNotContain(repository.toString());
            inferSeven(server, "linked", 404);

            Files.createDirectories(repository.resolve("inside/1"));
            Files.createSymbolicLink(repository.resolve("inside/1/model.onnx"), Path.of("../../digits/1/model.onnx"));
            assertThat(call(server, "POST", "/v2/repository/models/inside/load", null).statusCode()).isEqualTo(200);
            inferSeven(server, "inside", 200);
        }
    }

    @Test
    void loadAndUnloadAreRefusedUnlessModelControlIsOn() throws Exception {
        mnistModel(repository.resolve("digits/1"));
        try (AigesServer server = OipServer.start(List.of(), repository, false)) {
            HttpResponse<String> unload = call(server, "POST", "/v2/repository/models/digits/unload", null);
            assertThat(unload.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(unload.body()).get("error").textValue()).contains("--model-control");
            assertThat(call(server, "POST", "/v2/repository/models/digits/load", null).statusCode()).isEqualTo(403);
            assertThat(index(server, null)).hasSize(1);
            inferSeven(server, "digits", 200);
        }
        try (AigesServer server = OipServer.start(List.of(OipServer.echo()), null, false)) {
            assertThat(call(server, "POST", "/v2/repository/index", null).statusCode()).isEqualTo(404);
            assertThat(call(server, "POST", "/v2/repository/models/echo/unload", null).statusCode()).isEqualTo(403);
        }
    }

    /** Jobs follow a model that is reloaded: they reach the new engine, not the one draining away. */
    @Test
    void jobsStillRunAfterTheirModelIsReloaded() throws Exception {
        Files.createDirectories(repository.resolve("echo1/1"));
        Files.writeString(repository.resolve("echo1/config.properties"),
                "form = java\nclass = " + io.aiges.server.engines.EchoEngine.class.getName() + "\nlicence = 1\n");
        String body = """
                {"header": {"appid": "1", "status": 3}, "parameter": {"echo1": {}},
                 "payload": {"data": {"encoding": "raw", "status": 3, "text": "aGk="}}}""";
        try (AigesServer server = OipServer.start(List.of(), repository, true)) {
            assertThat(jobAnswered(server, body)).isEqualTo("done");
            Files.createDirectories(repository.resolve("echo1/2"));
            assertThat(call(server, "POST", "/v2/repository/models/echo1/load", null).statusCode()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                assertThat(jobAnswered(server, body)).as("job %d after the reload", i).isEqualTo("done");
            }
            // A model loaded after start-up gets job workers and its gauges too.
            Files.createDirectories(repository.resolve("echo2/1"));
            Files.writeString(repository.resolve("echo2/config.properties"),
                    "form = java\nclass = " + io.aiges.server.engines.EchoEngine.class.getName() + "\nlicence = 3\n");
            assertThat(call(server, "POST", "/v2/repository/models/echo2/load", null).statusCode()).isEqualTo(200);
            assertThat(jobAnswered(server, body.replace("echo1", "echo2"), "echo2")).isEqualTo("done");
            String scrape = call(server, "GET", "/metrics", null).body();
            assertThat(scrape).contains("aiges_instances{service=\"echo1\"} 1.0", "aiges_instances{service=\"echo2\"} 3.0");
        }
    }

    private String jobAnswered(AigesServer server, String body) throws Exception {
        return jobAnswered(server, body, "echo1");
    }

    private String jobAnswered(AigesServer server, String body, String model) throws Exception {
        HttpResponse<String> accepted = call(server, "POST", "/v1/" + model + "/jobs", body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("location").orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            JsonNode job = JSON.readTree(call(server, "GET", location, null).body());
            String state = job.path("state").asText();
            if (state.equals("done") || state.equals("failed") || System.nanoTime() > deadline) {
                return state;
            }
            Thread.sleep(20);
        }
    }
}
