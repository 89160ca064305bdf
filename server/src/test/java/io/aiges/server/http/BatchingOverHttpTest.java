package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.config.AigesConfig;
import io.aiges.engine.config.BatchConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.plugin.onnx.OnnxForm;
import io.aiges.demo.mnist.MnistEngine;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The MNIST model served with batching on, loaded by 48 concurrent HTTP clients, each request
 * with its own random picture tensor: every answer is the answer its own tensor gets alone, and the
 * requests did share engine calls.
 */
class BatchingOverHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 48;

    @TempDir
    Path dir;

    private HttpClient closeAfterwards;

    @AfterEach
    void closeClient() {
        if (closeAfterwards != null) {
            closeAfterwards.shutdownNow();
        }
    }

    @Test
    void concurrentRequestsEachGetTheirOwnAnswerFromSharedBatches() throws Exception {
        Path model = dir.resolve("mnist.onnx");
        try (InputStream in = MnistEngine.class.getResourceAsStream("mnist-cnn.onnx")) {
            Files.write(model, in.readAllBytes());
        }
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "onnx", model.getFileName().toString(), null, Map.of(), dir);
        SplittableRandom random = new SplittableRandom(20261125);
        int requests = 192;
        List<byte[]> tensors = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            int n = random.nextInt(8) == 0 ? 2 : 1;
            rows.add(n);
            tensors.add(randomPictures(random, n));
        }
        List<float[]> alone = new ArrayList<>();
        try (Engine engine = new OnnxForm().open(spec)) {
            var instance = engine.newInstance();
            for (int i = 0; i < requests; i++) {
                DataItem in = DataItem.of("input", tensors.get(i), DataType.OTHER)
                        .withDescriptors(Map.of("shape", rows.get(i) + ",1,28,28"));
                alone.add(floats(instance.once(Params.EMPTY, List.of(in)).getFirst().data()));
            }
        }

        ServiceConfig service = new ServiceConfig(TestServer.SERVICE, spec, new PoolConfig(2, 100, Duration.ofSeconds(10)),
                Duration.ofSeconds(30)).withBatching(new BatchConfig(16, Duration.ofMillis(2), List.of(), 512, Duration.ofSeconds(20)));
        try (TestServer server = new TestServer(AigesServer.start(new AigesConfig(null, service,
                new HttpConfig("127.0.0.1", 0, 1 << 20))))) {
            // 48 clients at once, each sending its share in turn, over HTTP/1.1 (one connection each).
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            closeAfterwards = client;
            List<CompletableFuture<Void>> clients = new ArrayList<>();
            AtomicReferenceArray<HttpResponse<String>> responses = new AtomicReferenceArray<>(requests);
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < CLIENTS; c++) {
                    int first = c;
                    clients.add(CompletableFuture.runAsync(() -> {
                        for (int i = first; i < requests; i += CLIENTS) {
                            responses.set(i, post(client, server, body(tensors.get(i), rows.get(i))));
                        }
                    }, threads));
                }
                CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
            for (int i = 0; i < requests; i++) {
                HttpResponse<String> response = responses.get(i);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode logits = JSON.readTree(response.body()).at("/payload/logits");
                assertThat(logits.get("shape").asText()).isEqualTo(rows.get(i) + ",10");
                float[] batched = floats(Base64.getDecoder().decode(logits.get("other").asText()));
                assertThat(batched).as("request %d", i).containsExactly(alone.get(i), within(1e-4f));
            }
            String metrics = client.send(HttpRequest.newBuilder(server.uri("/metrics")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double batches = counter(metrics, "aiges_batches_total");
            double batched = counter(metrics, "aiges_batched_requests_total");
            assertThat(batched).isEqualTo(requests);
            assertThat(batches).as("requests shared engine calls").isLessThan(requests);
        }
    }

    private static HttpResponse<String> post(HttpClient client, TestServer server, String body) {
        try {
            return client.send(HttpRequest.newBuilder(server.uri("/v1/svcName")).timeout(Duration.ofSeconds(60))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Mostly black pictures with random grey strokes: distinct inputs with distinct logits. */
    private static byte[] randomPictures(SplittableRandom random, int n) {
        ByteBuffer buffer = ByteBuffer.allocate(n * 784 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int p = 0; p < n * 784; p++) {
            buffer.putFloat(random.nextInt(5) == 0 ? (float) random.nextDouble() : 0f);
        }
        return buffer.array();
    }

    private static String body(byte[] tensor, int rows) {
        return """
                {"header": {"appid": "batching", "status": 3},
                 "parameter": {"svcName": {}},
                 "payload": {"input": {"encoding": "raw", "status": 3, "dtype": "FP32", "shape": "%d,1,28,28", "other": "%s"}}}"""
                .formatted(rows, Base64.getEncoder().encodeToString(tensor));
    }

    private static float[] floats(byte[] bytes) {
        float[] values = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static double counter(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + "{")).mapToDouble(line ->
                Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
