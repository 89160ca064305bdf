package io.aiges.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.config.ConfigLoader;
import io.aiges.config.AigesConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.aiges.server.oip.grpc.v2.InferTensorContents;
import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import io.aiges.server.oip.grpc.v2.ModelInferResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance story of the Open Inference Protocol with {@code aiges demo}'s own configuration:
 * {@code POST /v2/models/mnist/infer} with the 7 as a 1x1x28x28 FP32 tensor scores 7 highest,
 * and so does ModelInfer over gRPC; the original's {@code /v1/svcName} is still there.
 */
class DemoOverOipTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDemoServesModelMnistOverRestAndGrpc() throws Exception {
        AigesConfig config = ConfigLoader.demoDefaults("127.0.0.1", 0, 0);
        Path fixture = Path.of(System.getProperty("aiges.fixtures", "../fixtures"), "mnist-oip-request.json");
        try (AigesServer server = AigesServer.start(config, DemoCommand.models(config));
             HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.httpPort() + "/v2/models/mnist/infer"))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofFile(fixture)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode scores = JSON.readTree(response.body()).at("/outputs/0/data");
            assertThat(argmax(JSON.convertValue(scores, float[].class))).isEqualTo(7);
            assertThat(server.services().get("svcName").config().engine().artefact()).isEqualTo("builtin:mnist");

            ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.grpcPort(),
                    InsecureChannelCredentials.create()).build();
            try {
                InferTensorContents.Builder pixels = InferTensorContents.newBuilder();
                JSON.readTree(fixture.toFile()).at("/inputs/0/data").forEach(v -> pixels.addFp32Contents(v.floatValue()));
                ModelInferResponse answer = GRPCInferenceServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                        .modelInfer(ModelInferRequest.newBuilder().setModelName("mnist")
                                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input")
                                        .setDatatype("FP32").addAllShape(List.of(1L, 1L, 28L, 28L)).setContents(pixels))
                                .build());
                // Answered in raw_output_contents, as Triton answers, though the request was typed.
                java.nio.FloatBuffer logits = answer.getRawOutputContents(0).asReadOnlyByteBuffer()
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                float[] values = new float[logits.remaining()];
                logits.get(values);
                assertThat(values).hasSize(10);
                assertThat(argmax(values)).isEqualTo(7);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static int argmax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }
}
