package io.aiges.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.demo.mnist.MnistEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The user's story with the packaged distribution, as separate processes: {@code aiges -init} in
 * an empty folder, {@code aiges -m 0 -c aiges.toml -s svcName}, the original's example request
 * answered with {@code 7}, and a clean exit on SIGTERM.
 */
class AigesServeIT {

    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void initThenServeAnswersTheSeedRequestWithSevenAndStopsCleanly() throws Exception {
        Process init = aiges("init", "-init");
        assertThat(init.waitFor(60, TimeUnit.SECONDS)).as("-init finished").isTrue();
        assertThat(init.exitValue()).as("-init exit code; %s", output("init")).isZero();

        int port = freePort();
        Path toml = dir.resolve("aiges.toml");
        Files.writeString(toml, Files.readString(toml)
                .replace("http_listen = \"127.0.0.1:1888\"", "http_listen = \"127.0.0.1:" + port + "\"")
                .replace("port = 5090 ", "port = 0 "));

        Process server = aiges("serve", "-m", "0", "-c", "aiges.toml", "-s", "svcName");
        try {
            awaitPing(server, port);
            // The listener answers a moment before the serving line is printed.
            String serving = "aiges: serving svcName (onnx builtin:mnist) on http://127.0.0.1:" + port;
            Instant printed = Instant.now().plusSeconds(10);
            while (!Files.readString(dir.resolve("serve.out")).contains(serving) && Instant.now().isBefore(printed)) {
                Thread.sleep(50);
            }
            assertThat(Files.readString(dir.resolve("serve.out"))).contains(serving);

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base(port) + "/v1/svcName"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(seedRequest()))
                    .timeout(Duration.ofSeconds(60))
                    .build(), HttpResponse.BodyHandlers.ofString());

            JsonNode body = json.readTree(response.body());
            assertThat(body.path("header").path("code").asInt(-1)).as("header.code of %s", response.body()).isZero();
            JsonNode text = json.readTree(body.path("payload").path("result").path("text").asText());
            assertThat(text.path("result").asInt(-1)).as("recognised digit in %s", text).isEqualTo(7);

            server.destroy();
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 s after SIGTERM").isTrue();
            assertThat(server.exitValue()).as("exit code after SIGTERM; %s", output("serve")).isZero();
        } finally {
            server.destroyForcibly();
        }
    }

    /**
     * A model repository laid out for Triton ({@code mnist/config.pbtxt}, {@code mnist/1/model.onnx})
     * served by {@code aiges serve --model-repository}: the seed request answers 7 over OIP, and the
     * model's configuration has the file's max_batch_size and dynamic batching.
     */
    @Test
    void aTritonModelRepositoryIsServedWithItsConfiguration() throws Exception {
        Process init = aiges("init", "-init");
        assertThat(init.waitFor(60, TimeUnit.SECONDS)).as("-init finished").isTrue();
        int port = freePort();
        Path toml = dir.resolve("aiges.toml");
        Files.writeString(toml, Files.readString(toml)
                .replace("http_listen = \"127.0.0.1:1888\"", "http_listen = \"127.0.0.1:" + port + "\"")
                .replace("port = 5090 ", "port = 0 "));
        Path version = Files.createDirectories(dir.resolve("models/mnist/1"));
        try (InputStream model = MnistEngine.class.getResourceAsStream(MnistEngine.MODEL_RESOURCE)) {
            Files.copy(model, version.resolve("model.onnx"));
        }
        Files.writeString(dir.resolve("models/mnist/config.pbtxt"), """
                name: "mnist"
                platform: "onnxruntime_onnx"
                max_batch_size: 4
                dynamic_batching { preferred_batch_size: [ 2, 4 ] max_queue_delay_microseconds: 300 }
                instance_group [ { count: 2 kind: KIND_CPU } ]
                """);

        Process server = aiges("serve", "serve", "-c", "aiges.toml", "--model-repository", "models");
        try {
            awaitPing(server, port);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base(port) + "/v2/models/mnist/infer"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(seedRequest().resolveSibling("mnist-oip-request.json")))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode scores = json.readTree(answer.body()).at("/outputs/0/data");
            int best = 0;
            for (int i = 1; i < scores.size(); i++) {
                best = scores.get(i).doubleValue() > scores.get(best).doubleValue() ? i : best;
            }
            assertThat(best).as(answer.body()).isEqualTo(7);

            HttpResponse<String> config = http.send(HttpRequest.newBuilder(URI.create(base(port) + "/v2/models/mnist/config"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = json.readTree(config.body());
            assertThat(body.get("max_batch_size").intValue()).as(config.body()).isEqualTo(4);
            assertThat(body.at("/dynamic_batching/preferred_batch_size").toString()).isEqualTo("[2,4]");
            assertThat(body.at("/dynamic_batching/max_queue_delay_microseconds").longValue()).isEqualTo(300);
            assertThat(body.at("/instance_group/0/count").intValue()).isEqualTo(2);
        } finally {
            server.destroy();
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
        }
    }

    /** A subprocess running the packaged distribution with the JVM running this test; output goes to files. */
    private Process aiges(String logName, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path lib = Path.of(System.getProperty("aiges.dist.lib", "target/dist/lib")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", lib + "/*", "io.aiges.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve(logName + ".out").toFile())
                .redirectError(dir.resolve(logName + ".err").toFile());
        builder.environment().remove("AIGES_PLUGIN_MODE");
        return builder.start();
    }

    /** Waits until GET /ping gets any HTTP answer; fails at once, with its output, if the server exits. */
    private void awaitPing(Process server, int port) throws Exception {
        Instant deadline = Instant.now().plus(START_LIMIT);
        HttpRequest ping = HttpRequest.newBuilder(URI.create(base(port) + "/ping")).timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                fail("aiges exited with " + server.exitValue() + " before answering; " + output("serve"));
            }
            try {
                http.send(ping, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        fail("aiges did not answer GET /ping within " + START_LIMIT + "; " + output("serve"));
    }

    private String output(String logName) throws IOException {
        return "stdout:\n" + Files.readString(dir.resolve(logName + ".out"))
                + "\nstderr:\n" + Files.readString(dir.resolve(logName + ".err"));
    }

    private static Path seedRequest() {
        return Path.of(System.getProperty("aiges.fixtures", "../fixtures"), "mnist-seed-request.json").toAbsolutePath();
    }

    private static String base(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
