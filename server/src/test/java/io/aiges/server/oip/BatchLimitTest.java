package io.aiges.server.oip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.aiges.demo.mnist.MnistEngine;
import io.aiges.server.AigesServer;
import io.aiges.server.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.aiges.server.oip.grpc.v2.InferTensorContents;
import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * One request cannot take the machine: the MNIST model (dimension 0 open) takes at most
 * {@code maxBatch} rows per request, 256 unless configured, over OIP REST, OIP gRPC and
 * {@code /v1}; more is a 400 (INVALID_ARGUMENT) that names the limit, with no inference run; a
 * shape whose size overflows is a 400 too. A repository model's own {@code maxBatch} is honoured.
 */
class BatchLimitTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROW_BYTES = 28 * 28 * 4;
    /** 2,000 rows: a few seconds of inference on a busy 2-core machine, refused in much less. */
    private static final int MANY = 2000;
    private static final HttpClient client = HttpClient.newHttpClient();
    private static AigesServer server;
    private static ManagedChannel channel;

    @TempDir
    static Path repository;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(repository.resolve("small/1"));
        try (InputStream in = MnistEngine.class.getResourceAsStream(MnistEngine.MODEL_RESOURCE)) {
            Files.copy(in, repository.resolve("small/1/model.onnx"));
        }
        Files.writeString(repository.resolve("small/config.properties"), "maxBatch = 4\n");
        server = OipServer.start(List.of(OipServer.mnist()), repository, false);
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.grpcPort(), InsecureChannelCredentials.create()).build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
        client.close();
    }

    @Test
    void restRefusesABatchOverTheLimitBeforeRunningIt() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> refused = infer("mnist", MANY);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("error").textValue())
                .contains("input 'input'", "a batch of " + MANY, "at most 256", "maxBatch");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(infer("mnist", 257).statusCode()).isEqualTo(400);
    }

    @Test
    void aBatchAtTheLimitIsServed() throws Exception {
        HttpResponse<String> served = infer("mnist", 256);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(JSON.readTree(served.body()).at("/outputs/0/shape").toString()).isEqualTo("[256,10]");
    }

    @Test
    void grpcRefusesABatchOverTheLimitAsAnInvalidArgument() {
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("mnist")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                        .addAllShape(List.of((long) MANY, 1L, 28L, 28L)))
                .addRawInputContents(ByteString.copyFrom(rows(MANY))).build();
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> stub().modelInfer(request));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).contains("a batch of " + MANY, "at most 256");
    }

    @Test
    void v1RefusesABatchOverTheLimitToo() throws Exception {
        String body = """
                {"header": {"status": 3}, "parameter": {"mnist": {}},
                 "payload": {"input": {"encoding": "raw", "status": 3, "dtype": "FP32", "shape": "%d,1,28,28", "other": "%s"}}}"""
                .formatted(300, Base64.getEncoder().encodeToString(rows(300)));
        HttpResponse<String> refused = post("/v1/mnist", body.getBytes(StandardCharsets.UTF_8), "content-type", "application/json");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("at most 256");
    }

    @Test
    void aShapeWhoseSizeOverflowsIsABadRequest() throws Exception {
        for (String shape : List.of("[2147483647, 2147483647]", "[9223372036854775807, 2]", "[4294967296, 4294967296, 1, 1]",
                "[2147483647, 1, 28, 28]")) {
            HttpResponse<String> rest = post("/v2/models/mnist/infer", ("{\"inputs\": [{\"name\": \"input\", \"shape\": "
                    + shape + ", \"datatype\": \"FP32\", \"data\": [1]}]}").getBytes(StandardCharsets.UTF_8));
            assertThat(rest.statusCode()).as(shape + ": " + rest.body()).isEqualTo(400);
            assertThat(JSON.readTree(rest.body()).get("error").textValue()).contains("input");
        }
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("mnist")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                        .addAllShape(List.of(2147483647L, 2147483647L))
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1)))
                .build();
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> stub().modelInfer(request));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void aRepositoryModelKeepsItsOwnLimit() throws Exception {
        assertThat(infer("small", 4).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = infer("small", 5);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("error").textValue()).contains("a batch of 5", "at most 4");
    }

    private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** {@code rows} pictures of 0.5 as one binary-data OIP request to {@code model}. */
    private static HttpResponse<String> infer(String model, int rows) throws Exception {
        byte[] header = ("{\"inputs\": [{\"name\": \"input\", \"shape\": [" + rows + ", 1, 28, 28], \"datatype\": \"FP32\","
                + " \"parameters\": {\"binary_data_size\": " + rows * ROW_BYTES + "}}]}").getBytes(StandardCharsets.UTF_8);
        byte[] data = rows(rows);
        byte[] body = ByteBuffer.allocate(header.length + data.length).put(header).put(data).array();
        return post("/v2/models/" + model + "/infer", body, "Inference-Header-Content-Length", Integer.toString(header.length));
    }

    private static byte[] rows(int rows) {
        ByteBuffer data = ByteBuffer.allocate(rows * ROW_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (data.hasRemaining()) {
            data.putFloat(0.5f);
        }
        return data.array();
    }

    private static HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
