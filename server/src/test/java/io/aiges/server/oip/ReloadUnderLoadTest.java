package io.aiges.server.oip;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reloading a model while clients keep sending loses no request: each one is answered by the old
 * engine or the new one, never refused.
 */
class ReloadUnderLoadTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path repository;

    @Test
    void reloadsUnderTrafficAnswerEveryRequest() throws Exception {
        for (String version : List.of("1", "2", "3", "4")) {
            Files.createDirectories(repository.resolve("digits").resolve(version));
        }
        copyModel(repository.resolve("digits/1"));
        String request = Files.readString(OipRestTest.fixture());
        try (AigesServer server = OipServer.start(List.of(), repository, true)) {
            URI infer = URI.create("http://127.0.0.1:" + server.httpPort() + "/v2/models/digits/infer");
            AtomicBoolean running = new AtomicBoolean(true);
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> load = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                load.add(clients.submit(() -> {
                    while (running.get()) {
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(infer)
                                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (response.statusCode() == 200) {
                            String body = response.body();
                            String version = body.replaceAll(".*\"model_version\":\"([0-9]+)\".*", "$1");
                            versions.computeIfAbsent(version, v -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            URI reloadUri = URI.create("http://127.0.0.1:" + server.httpPort() + "/v2/repository/models/digits/load");
            for (String version : List.of("2", "3", "4")) {
                Thread.sleep(300);
                copyModel(repository.resolve("digits").resolve(version));
                HttpResponse<String> reload = client.send(HttpRequest.newBuilder(reloadUri).POST(HttpRequest.BodyPublishers.noBody())
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
            }
            Thread.sleep(300);
            running.set(false);
            for (Future<?> f : load) {
                f.get();
            }
            clients.shutdown();
            assertThat(statuses.keySet()).as("statuses %s", statuses).containsExactly(200);
            assertThat(versions.keySet()).contains("1", "4");
        }
    }

    private static void copyModel(Path folder) throws Exception {
        try (InputStream in = MnistEngine.class.getResourceAsStream(MnistEngine.MODEL_RESOURCE)) {
            Files.copy(in, folder.resolve("model.onnx"));
        }
    }
}
