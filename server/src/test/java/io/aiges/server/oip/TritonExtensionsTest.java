package io.aiges.server.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.BatchConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.plugin.onnx.OnnxForm;
import io.aiges.server.AigesServer;
import io.aiges.server.oip.grpc.v2.DataType;
import io.aiges.server.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.aiges.server.oip.grpc.v2.InferBatchStatistics;
import io.aiges.server.oip.grpc.v2.InferTensorContents;
import io.aiges.server.oip.grpc.v2.ModelConfig;
import io.aiges.server.oip.grpc.v2.ModelConfigRequest;
import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import io.aiges.server.oip.grpc.v2.ModelInferResponse;
import io.aiges.server.oip.grpc.v2.ModelInstanceGroup;
import io.aiges.server.oip.grpc.v2.ModelStatistics;
import io.aiges.server.oip.grpc.v2.ModelStatisticsRequest;
import io.aiges.server.oip.grpc.v2.ModelStreamInferResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Triton's extensions of the protocol, written from Triton's protocol documents (model
 * configuration, statistics, streaming, binary data) and driven with real clients over loopback:
 * grpc-java stubs from our proto (Triton's names and numbers) and the JDK's HTTP client.
 * Models: {@code mnist} (ONNX, two instances, no batching), {@code batched} (the same file with
 * dynamic batching), {@code counted} (as mnist, for statistics no other test disturbs) and
 * {@code echo} (a Java engine).
 */
class TritonExtensionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static AigesServer server;
    private static ManagedChannel channel;
    private static byte[] seven;

    @BeforeAll
    static void start() throws Exception {
        server = OipServer.start(List.of(OipServer.echo(), OipServer.mnist(), onnx("counted", BatchConfig.OFF),
                onnx("batched", new BatchConfig(8, Duration.ofMillis(2), List.of(2, 4), 100, Duration.ofSeconds(10)))),
                null, false);
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.grpcPort(), InsecureChannelCredentials.create()).build();
        ByteBuffer pixels = ByteBuffer.allocate(784 * 4).order(ByteOrder.LITTLE_ENDIAN);
        JSON.readTree(Files.readAllBytes(OipRestTest.fixture())).at("/inputs/0/data").forEach(v -> pixels.putFloat(v.floatValue()));
        seven = pixels.array();
    }

    private static ServiceConfig onnx(String name, BatchConfig batching) {
        return new ServiceConfig(name, new EngineSpec(name, OnnxForm.NAME, OnnxForm.MNIST_MODEL, null, Map.of(), Path.of(".")),
                new PoolConfig(2, 50, Duration.ofSeconds(5)), Duration.ofSeconds(10)).withBatching(batching);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
        http.close();
    }

    private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode getJson(String path, int status) throws Exception {
        HttpResponse<byte[]> response = get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, new String(response.body())).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static ModelInferRequest seven(String model, String id) {
        return ModelInferRequest.newBuilder().setModelName(model).setId(id)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                        .addAllShape(List.of(1L, 1L, 28L, 28L)))
                .addRawInputContents(ByteString.copyFrom(seven)).build();
    }

    private static int argmax(List<Float> scores) {
        int best = 0;
        for (int i = 1; i < scores.size(); i++) {
            best = scores.get(i) > scores.get(best) ? i : best;
        }
        return best;
    }

    private static StatusRuntimeException failure(Runnable call, Status.Code code) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).as("the call should have failed").isNotNull();
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
        return e;
    }

    @Test
    void modelConfigDescribesAnUnbatchedOnnxModelInTritonsShape() throws Exception {
        ModelConfig config = stub().modelConfig(ModelConfigRequest.newBuilder().setName("mnist").build()).getConfig();
        assertThat(config.getName()).isEqualTo("mnist");
        assertThat(config.getPlatform()).isEqualTo("onnxruntime_onnx");
        assertThat(config.getBackend()).isEqualTo("onnxruntime");
        assertThat(config.getMaxBatchSize()).isZero();
        assertThat(config.getInput(0).getName()).isEqualTo("input");
        assertThat(config.getInput(0).getDataType()).isEqualTo(DataType.TYPE_FP32);
        assertThat(config.getInput(0).getDimsList()).containsExactly(-1L, 1L, 28L, 28L);
        assertThat(config.getOutput(0).getName()).isEqualTo("logits");
        assertThat(config.getOutput(0).getDimsList()).containsExactly(-1L, 10L);
        assertThat(config.getInstanceGroup(0).getCount()).isEqualTo(2);
        assertThat(config.getInstanceGroup(0).getKind()).isEqualTo(ModelInstanceGroup.Kind.KIND_CPU);
        assertThat(config.hasDynamicBatching()).isFalse();
        assertThat(config.getVersionPolicy().getLatest().getNumVersions()).isEqualTo(1);

        for (String path : List.of("/v2/models/mnist/config", "/v2/models/mnist/versions/1/config")) {
            JsonNode rest = getJson(path, 200);
            assertThat(rest.get("name").textValue()).isEqualTo("mnist");
            assertThat(rest.get("max_batch_size").intValue()).isZero();
            assertThat(rest.at("/input/0/data_type").textValue()).isEqualTo("TYPE_FP32");
            // Triton writes dims as JSON numbers, not protobuf JSON's strings.
            assertThat(rest.at("/input/0/dims").toString()).isEqualTo("[-1,1,28,28]");
            assertThat(rest.at("/output/0/dims").toString()).isEqualTo("[-1,10]");
            assertThat(rest.at("/instance_group/0/kind").textValue()).isEqualTo("KIND_CPU");
            assertThat(rest.at("/instance_group/0/count").intValue()).isEqualTo(2);
            assertThat(rest.has("dynamic_batching")).isFalse();
        }
    }

    @Test
    void modelConfigOfABatchedModelHasItsBatchingAndDimsWithoutTheBatchDimension() throws Exception {
        ModelConfig config = stub().modelConfig(ModelConfigRequest.newBuilder().setName("batched").setVersion("1").build())
                .getConfig();
        assertThat(config.getMaxBatchSize()).isEqualTo(8);
        assertThat(config.getInput(0).getDimsList()).containsExactly(1L, 28L, 28L);
        assertThat(config.getOutput(0).getDimsList()).containsExactly(10L);
        assertThat(config.getDynamicBatching().getPreferredBatchSizeList()).containsExactly(2, 4);
        assertThat(config.getDynamicBatching().getMaxQueueDelayMicroseconds()).isEqualTo(2000);
        JsonNode rest = getJson("/v2/models/batched/config", 200);
        assertThat(rest.get("max_batch_size").intValue()).isEqualTo(8);
        assertThat(rest.at("/dynamic_batching/preferred_batch_size").toString()).isEqualTo("[2,4]");
        assertThat(rest.at("/dynamic_batching/max_queue_delay_microseconds").longValue()).isEqualTo(2000);
    }

    @Test
    void modelConfigOfAJavaEngineNamesItsForm() {
        ModelConfig config = stub().modelConfig(ModelConfigRequest.newBuilder().setName("echo").build()).getConfig();
        assertThat(config.getPlatform()).isEqualTo("aiges_java");
        assertThat(config.getBackend()).isEqualTo("java");
        assertThat(config.getInstanceGroup(0).getKind()).isEqualTo(ModelInstanceGroup.Kind.KIND_MODEL);
        assertThat(config.getInput(0).getDataType()).isEqualTo(DataType.TYPE_FP32);
        assertThat(config.getOutput(1).getDataType()).isEqualTo(DataType.TYPE_STRING);
    }

    @Test
    void configAndStatisticsOfAModelOrVersionNotServedAreNotFound() throws Exception {
        failure(() -> stub().modelConfig(ModelConfigRequest.newBuilder().setName("nosuch").build()), Status.Code.NOT_FOUND);
        failure(() -> stub().modelConfig(ModelConfigRequest.newBuilder().setName("mnist").setVersion("2").build()),
                Status.Code.NOT_FOUND);
        failure(() -> stub().modelStatistics(ModelStatisticsRequest.newBuilder().setName("nosuch").build()),
                Status.Code.NOT_FOUND);
        failure(() -> stub().modelStatistics(ModelStatisticsRequest.newBuilder().setName("mnist").setVersion("2").build()),
                Status.Code.NOT_FOUND);
        for (String path : List.of("/v2/models/nosuch/config", "/v2/models/mnist/versions/2/config",
                "/v2/models/nosuch/stats", "/v2/models/mnist/versions/2/stats")) {
            JsonNode error = getJson(path, 404);
            assertThat(error.fieldNames()).toIterable().containsExactly("error");
            assertThat(error.get("error").textValue()).as(path).containsAnyOf("nosuch", "version '2'");
        }
    }

    @Test
    void statisticsCountSuccessesFailuresAndEngineCallsFromTheTimingsTaken() throws Exception {
        long before = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            assertThat(argmax(RawOutputs.floats(stub().modelInfer(seven("counted", "s" + i)), 0))).isEqualTo(7);
        }
        // Well-formed for the protocol, refused by the engine: a failed inference.
        failure(() -> stub().modelInfer(ModelInferRequest.newBuilder().setModelName("counted")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                        .addAllShape(List.of(1L, 1L, 2L, 2L)))
                .addRawInputContents(ByteString.copyFrom(new byte[16])).build()), Status.Code.INVALID_ARGUMENT);
        long after = System.currentTimeMillis();

        ModelStatistics stats = stub().modelStatistics(ModelStatisticsRequest.newBuilder().setName("counted").build())
                .getModelStats(0);
        assertThat(stats.getName()).isEqualTo("counted");
        assertThat(stats.getVersion()).isEqualTo("1");
        assertThat(stats.getInferenceCount()).isEqualTo(3);
        assertThat(stats.getExecutionCount()).isEqualTo(3);
        assertThat(stats.getLastInference()).isBetween(before, after);
        var inference = stats.getInferenceStats();
        assertThat(inference.getSuccess().getCount()).isEqualTo(3);
        assertThat(inference.getFail().getCount()).isEqualTo(1);
        assertThat(inference.getQueue().getCount()).isEqualTo(3);
        assertThat(inference.getComputeInfer().getCount()).isEqualTo(3);
        assertThat(inference.getComputeInfer().getNs()).isPositive();
        // The whole request takes at least its engine call.
        assertThat(inference.getSuccess().getNs()).isGreaterThanOrEqualTo(inference.getComputeInfer().getNs());
        assertThat(inference.getComputeInput().getCount()).isEqualTo(3);
        assertThat(inference.getComputeOutput().getCount()).isEqualTo(3);
        assertThat(stats.getBatchStatsList()).singleElement().satisfies(batch -> {
            assertThat(batch.getBatchSize()).isEqualTo(1);
            assertThat(batch.getComputeInfer().getCount()).isEqualTo(3);
        });

        for (String path : List.of("/v2/models/counted/stats", "/v2/models/counted/versions/1/stats")) {
            JsonNode rest = getJson(path, 200).at("/model_stats/0");
            assertThat(rest.get("name").textValue()).isEqualTo("counted");
            assertThat(rest.get("inference_count").longValue()).isEqualTo(3);
            assertThat(rest.get("execution_count").longValue()).isEqualTo(3);
            assertThat(rest.get("last_inference").longValue()).isEqualTo(stats.getLastInference());
            assertThat(rest.at("/inference_stats/success/count").longValue()).isEqualTo(3);
            assertThat(rest.at("/inference_stats/fail/count").longValue()).isEqualTo(1);
            assertThat(rest.at("/inference_stats/compute_infer/ns").longValue()).isEqualTo(inference.getComputeInfer().getNs());
            assertThat(rest.at("/batch_stats/0/batch_size").longValue()).isEqualTo(1);
            assertThat(rest.at("/batch_stats/0/compute_infer/count").longValue()).isEqualTo(3);
        }
    }

    @Test
    void serverMetadataNamesTritonsExtensionsServedHere() throws Exception {
        assertThat(getJson("/v2", 200).get("extensions").toString())
                .contains("\"binary_tensor_data\"", "\"model_configuration\"", "\"statistics\"");
        assertThat(stub().serverMetadata(io.aiges.server.oip.grpc.v2.ServerMetadataRequest.getDefaultInstance())
                .getExtensionsList()).contains("binary_tensor_data", "model_configuration", "statistics");
    }

    @Test
    void statisticsOfEveryModelAnswerAtV2ModelsStatsNotAsAModelNamedStats() throws Exception {
        JsonNode all = getJson("/v2/models/stats", 200);
        List<String> names = new ArrayList<>();
        all.get("model_stats").forEach(m -> names.add(m.get("name").textValue()));
        assertThat(names).contains("batched", "counted", "echo", "mnist");
        assertThat(stub().modelStatistics(ModelStatisticsRequest.getDefaultInstance()).getModelStatsList())
                .extracting(ModelStatistics::getName).contains("batched", "counted", "echo", "mnist");
    }

    @Test
    void aBatchedModelCountsEachRequestAndEachEngineCallByBatchSize() throws Exception {
        var async = GRPCInferenceServiceGrpc.newFutureStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        List<com.google.common.util.concurrent.ListenableFuture<ModelInferResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(async.modelInfer(seven("batched", "b" + i)));
        }
        for (var answer : answers) {
            assertThat(argmax(RawOutputs.floats(answer.get(30, TimeUnit.SECONDS), 0))).isEqualTo(7);
        }
        ModelStatistics stats = stub().modelStatistics(ModelStatisticsRequest.newBuilder().setName("batched").build())
                .getModelStats(0);
        assertThat(stats.getInferenceCount()).isEqualTo(6);
        long batched = stats.getBatchStatsList().stream()
                .mapToLong(b -> b.getBatchSize() * b.getComputeInfer().getCount()).sum();
        assertThat(batched).isEqualTo(6);
        assertThat(stats.getExecutionCount())
                .isEqualTo(stats.getBatchStatsList().stream().mapToLong(b -> b.getComputeInfer().getCount()).sum());
        assertThat(stats.getBatchStatsList()).extracting(InferBatchStatistics::getBatchSize).allMatch(size -> size <= 8);
    }

    @Test
    void streamInferAnswersEveryRequestInOrderWithFailuresInErrorMessage() throws Exception {
        List<ModelStreamInferResponse> answers = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        StreamObserver<ModelInferRequest> requests = GRPCInferenceServiceGrpc.newStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS).modelStreamInfer(new StreamObserver<>() {
                    @Override
                    public void onNext(ModelStreamInferResponse value) {
                        synchronized (answers) {
                            answers.add(value);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        error.complete(t);
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        requests.onNext(seven("mnist", "first"));
        requests.onNext(seven("nosuch", "second"));
        requests.onNext(ModelInferRequest.newBuilder().setModelName("mnist").setId("third")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("INT32")
                        .addShape(1).setContents(InferTensorContents.newBuilder().addFp32Contents(1))).build());
        requests.onNext(seven("mnist", "fourth"));
        requests.onCompleted();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(error).isNotDone();
        assertThat(answers).hasSize(4);
        assertThat(answers.get(0).getErrorMessage()).isEmpty();
        assertThat(answers.get(0).getInferResponse().getId()).isEqualTo("first");
        assertThat(argmax(RawOutputs.floats(answers.get(0).getInferResponse(), 0))).isEqualTo(7);
        assertThat(answers.get(1).getErrorMessage()).contains("nosuch");
        assertThat(answers.get(1).hasInferResponse()).isFalse();
        assertThat(answers.get(2).getErrorMessage()).contains("int_contents", "fp32_contents");
        assertThat(answers.get(3).getInferResponse().getId()).isEqualTo("fourth");
        assertThat(argmax(RawOutputs.floats(answers.get(3).getInferResponse(), 0))).isEqualTo(7);
    }

    @Test
    void contentsInAnotherFieldThanTheDatatypesAreNamedInTheError() {
        StatusRuntimeException refused = failure(() -> stub().modelInfer(ModelInferRequest.newBuilder().setModelName("echo")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("INT32").addShape(1)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1))).build()),
                Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).contains("'x'", "INT32", "int_contents", "fp32_contents");
    }

    @Test
    void theRawBinaryRequestFormTakesTheBodyAsTheModelsOnlyInput() throws Exception {
        JsonNode one = rawBinary("mnist", seven, 200);
        assertThat(one.at("/outputs/0/shape").toString()).isEqualTo("[1,10]");
        List<Float> scores = new ArrayList<>();
        one.at("/outputs/0/data").forEach(v -> scores.add(v.floatValue()));
        assertThat(argmax(scores)).isEqualTo(7);

        byte[] two = new byte[seven.length * 2];
        System.arraycopy(seven, 0, two, 0, seven.length);
        System.arraycopy(seven, 0, two, seven.length, seven.length);
        assertThat(rawBinary("mnist", two, 200).at("/outputs/0/shape").toString()).isEqualTo("[2,10]");

        assertThat(rawBinary("mnist", new byte[3000], 400).get("error").textValue()).contains("multiples of 3136", "3000");
        // echo has a BYTES output but one FP32 input [-1, 4]: 16 bytes are one row.
        assertThat(rawBinary("echo", new byte[16], 200).at("/outputs/0/shape").toString()).isEqualTo("[1,4]");
        assertThat(rawBinary("nosuch", seven, 404).get("error").textValue()).contains("nosuch");
    }

    @Test
    void rawBinaryBodiesOfAnyLengthAreServedOrRefusedClearlyNeverFailed() throws Exception {
        java.util.Random random = new java.util.Random(18);
        List<Integer> lengths = new ArrayList<>(List.of(0, 1, 3135, 3136, 3137, 4 * 3136));
        for (int i = 0; i < 20; i++) {
            lengths.add(random.nextBoolean() ? 3136 * (1 + random.nextInt(5)) : random.nextInt(5 * 3136));
        }
        for (int length : lengths) {
            byte[] body = new byte[length];
            random.nextBytes(body);
            boolean rows = length > 0 && length % 3136 == 0;
            JsonNode answer = rawBinary("mnist", body, rows ? 200 : 400);
            if (rows) {
                assertThat(answer.at("/outputs/0/shape").toString()).isEqualTo("[" + length / 3136 + ",10]");
            } else {
                assertThat(answer.get("error").textValue()).as("%d bytes", length).isNotBlank();
            }
        }
    }

    private static JsonNode rawBinary(String model, byte[] body, int status) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/v2/models/" + model + "/infer"))
                .timeout(Duration.ofSeconds(30)).header("Inference-Header-Content-Length", "0")
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(status);
        return JSON.readTree(response.body());
    }
}
