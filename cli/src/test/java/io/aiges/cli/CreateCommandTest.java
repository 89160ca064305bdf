package io.aiges.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.config.ConfigLoader;
import io.aiges.config.AigesConfig;
import io.aiges.config.HttpConfig;
import io.aiges.server.AigesServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The original SDK's documented flow with our tools: create a project, serve it, ask it. */
class CreateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aCreatedProjectServesAsItIs() throws Exception {
        Cli cli = Cli.run(dir, "create", "-n", "demo");
        assertThat(cli.exit()).as(cli.err()).isZero();
        Path project = dir.resolve("demo");
        assertThat(project.resolve("wrapper/wrapper.py")).isRegularFile();
        assertThat(project.resolve("aiges.toml")).isRegularFile();
        assertThat(project.resolve("requirements.txt")).isRegularFile();
        assertThat(project.resolve("Containerfile")).isRegularFile();

        AigesConfig fromFile = new ConfigLoader(Map.of(), warning -> { })
                .load(project.resolve("aiges.toml"), "demo");
        AigesConfig onLoopback = new AigesConfig(fromFile.source(), fromFile.service(),
                new HttpConfig("127.0.0.1", 0, fromFile.http().maxBodyBytes()));
        Path image = Files.list(project.resolve("wrapper/test_data")).findFirst().orElseThrow();
        String body = """
                {"header": {"status": 3}, "parameter": {"demo": {"ctrl": "hi"}},
                 "payload": {"img": {"encoding": "png", "status": 3, "image": "%s"}}}"""
                .formatted(Base64.getEncoder().encodeToString(Files.readAllBytes(image)));
        try (AigesServer server = AigesServer.start(onLoopback); HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/v1/demo"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode json = JSON.readTree(response.body());
            assertThat(json.at("/header/code").asInt()).isZero();
            assertThat(json.at("/payload/result/text").asText()).contains("\"bytes\": " + Files.size(image));
        }
    }

    @Test
    void refusesAnExistingFolderAndABadName() throws Exception {
        Files.createDirectories(dir.resolve("taken"));
        Cli taken = Cli.run(dir, "create", "-n", "taken");
        assertThat(taken.exit()).isEqualTo(1);
        assertThat(taken.err()).contains("already exists");
        Cli bad = Cli.run(dir, "create", "-n", "../escape");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("project name");
    }
}
