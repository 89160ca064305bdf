package io.aiges.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original documentation's Python flow, word for word, with the packaged distribution:
 * {@code aiges -mnist}, {@code export AIGES_PLUGIN_MODE=python PYTHONPATH=$PWD/aiges_demo/mnist/wrapper},
 * {@code aiges -init}, {@code aiges -m 0 -c aiges.toml -s svcName}, and the seed request answered
 * with 7 by the numpy wrapper (Debian's /usr/bin/python3 with python3-numpy).
 */
class MnistPythonFlowIT {
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void mnistThenInitThenServeInPythonModeAnswersTheSeedRequestWithSeven() throws Exception {
        PackagedAiges plain = new PackagedAiges(dir, Map.of());
        Process mnist = plain.start("mnist", "-mnist");
        assertThat(mnist.waitFor(60, TimeUnit.SECONDS)).as("-mnist finished").isTrue();
        assertThat(mnist.exitValue()).as("-mnist exit code; %s", plain.output("mnist")).isZero();

        PackagedAiges python = new PackagedAiges(dir, Map.of("AIGES_PLUGIN_MODE", "python",
                "PYTHONPATH", dir.resolve("aiges_demo/mnist/wrapper").toString()));
        Process init = python.start("init", "-init");
        assertThat(init.waitFor(60, TimeUnit.SECONDS)).as("-init finished").isTrue();
        assertThat(init.exitValue()).as("-init exit code; %s", python.output("init")).isZero();

        // Free ports instead of 1888 and 5090: the only change to the file -init wrote.
        int port = PackagedAiges.freePort();
        Path toml = dir.resolve("aiges.toml");
        Files.writeString(toml, Files.readString(toml)
                .replace("http_listen = \"127.0.0.1:1888\"", "http_listen = \"127.0.0.1:" + port + "\"")
                .replaceFirst("(?m)^port = 5090\\b", "port = 0"));

        Process server = python.start("serve", "-m", "0", "-c", "aiges.toml", "-s", "svcName");
        try {
            python.awaitPing(server, "serve", port);
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/svcName"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofFile(seedRequest()))
                            .timeout(Duration.ofSeconds(60))
                            .build(), HttpResponse.BodyHandlers.ofString());

            JsonNode body = json.readTree(response.body());
            assertThat(body.path("header").path("code").asInt(-1)).as("header.code of %s", response.body()).isZero();
            // The embedded demo's very text: the wrapper formats its answer as MnistEngine does.
            assertThat(body.path("payload").path("result").path("text").asText())
                    .matches("\\{\"result\": 7, \"msg\": \"识别结果为数字: 7\", \"probability\": (0\\.9\\d{3}|1\\.0000)}");
            python.awaitOutput("serve", "aiges: serving svcName (python wrapper.py) on http://127.0.0.1:" + port);
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static Path seedRequest() {
        return Path.of(System.getProperty("aiges.fixtures", "../fixtures"), "mnist-seed-request.json").toAbsolutePath();
    }
}
