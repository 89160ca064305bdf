package io.aiges.server.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.aiges.server.AigesServer;
import io.aiges.server.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.aiges.server.oip.grpc.v2.InferParameter;
import io.aiges.server.oip.grpc.v2.InferTensorContents;
import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import io.aiges.server.oip.grpc.v2.ModelInferResponse;
import io.aiges.server.oip.grpc.v2.ModelMetadataRequest;
import io.aiges.server.oip.grpc.v2.ModelMetadataResponse;
import io.aiges.server.oip.grpc.v2.ModelReadyRequest;
import io.aiges.server.oip.grpc.v2.ServerLiveRequest;
import io.aiges.server.oip.grpc.v2.ServerMetadataRequest;
import io.aiges.server.oip.grpc.v2.ServerReadyRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code inference.GRPCInferenceService} with a real grpc-java client built from our copy of the
 * protocol's proto: health, metadata, and ModelInfer with typed contents and with
 * {@code raw_input_contents}, for every datatype and for MNIST.
 */
class OipGrpcTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Metadata.Key<String> AIGES_CODE = Metadata.Key.of("aiges-code", Metadata.ASCII_STRING_MARSHALLER);
    private static AigesServer server;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        server = OipServer.start(List.of(OipServer.echo(), OipServer.mnist()), null, false);
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.grpcPort(), InsecureChannelCredentials.create()).build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @Test
    void healthAndServerMetadata() {
        assertThat(stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        var meta = stub().serverMetadata(ServerMetadataRequest.getDefaultInstance());
        assertThat(meta.getName()).isEqualTo("aiges");
        assertThat(meta.getExtensionsList()).contains("binary_tensor_data");
    }

    @Test
    void modelReadinessAndMetadata() {
        assertThat(stub().modelReady(ModelReadyRequest.newBuilder().setName("mnist").build()).getReady()).isTrue();
        assertThat(stub().modelReady(ModelReadyRequest.newBuilder().setName("mnist").setVersion("1").build()).getReady()).isTrue();
        // Triton answers NOT_FOUND for a model or version it does not serve, not ready=false.
        for (ModelReadyRequest unknown : List.of(ModelReadyRequest.newBuilder().setName("mnist").setVersion("2").build(),
                ModelReadyRequest.newBuilder().setName("nosuch").build())) {
            StatusRuntimeException notFound = catchThrowableOfType(StatusRuntimeException.class,
                    () -> stub().modelReady(unknown));
            assertThat(notFound.getStatus().getCode()).as("%s", unknown).isEqualTo(Status.Code.NOT_FOUND);
        }
        ModelMetadataResponse meta = stub().modelMetadata(ModelMetadataRequest.newBuilder().setName("mnist").build());
        assertThat(meta.getPlatform()).isEqualTo("onnxruntime_onnx");
        assertThat(meta.getVersionsList()).containsExactly("1");
        assertThat(meta.getInputs(0).getName()).isEqualTo("input");
        assertThat(meta.getInputs(0).getDatatype()).isEqualTo("FP32");
        assertThat(meta.getInputs(0).getShapeList()).containsExactly(-1L, 1L, 28L, 28L);
        assertThat(meta.getOutputs(0).getShapeList()).containsExactly(-1L, 10L);
        StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub().modelMetadata(ModelMetadataRequest.newBuilder().setName("nosuch").build()));
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void mnistScoresTheSeedSevenHighestWithTypedAndRawContents() throws Exception {
        JsonNode fixture = JSON.readTree(Files.readAllBytes(OipRestTest.fixture())).at("/inputs/0/data");
        InferTensorContents.Builder typed = InferTensorContents.newBuilder();
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(784 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        fixture.forEach(v -> {
            typed.addFp32Contents(v.floatValue());
            raw.putFloat(v.floatValue());
        });
        ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                .setName("input").setDatatype("FP32").addAllShape(List.of(1L, 1L, 28L, 28L));
        ModelInferResponse typedAnswer = stub().modelInfer(ModelInferRequest.newBuilder().setModelName("mnist").setId("g7")
                .addInputs(input.clone().setContents(typed)).build());
        assertThat(typedAnswer.getId()).isEqualTo("g7");
        assertThat(typedAnswer.getModelVersion()).isEqualTo("1");
        assertThat(typedAnswer.getOutputs(0).getShapeList()).containsExactly(1L, 10L);
        // Triton answers in raw_output_contents whatever the request used; so does aiges.
        assertThat(typedAnswer.getOutputs(0).hasContents()).isFalse();
        assertThat(argmax(RawOutputs.floats(typedAnswer, 0))).isEqualTo(7);

        ModelInferResponse rawAnswer = stub().modelInfer(ModelInferRequest.newBuilder().setModelName("mnist")
                .addInputs(input).addRawInputContents(ByteString.copyFrom(raw.array())).build());
        assertThat(RawOutputs.floats(rawAnswer, 0)).containsExactlyElementsOf(RawOutputs.floats(typedAnswer, 0));
    }

    private static int argmax(List<Float> scores) {
        int best = 0;
        for (int i = 1; i < scores.size(); i++) {
            if (scores.get(i) > scores.get(best)) {
                best = i;
            }
        }
        return best;
    }

    static List<org.junit.jupiter.params.provider.Arguments> datatypesAndSeeds() {
        return OipRestTest.datatypesAndSeeds().toList();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("datatypesAndSeeds")
    void everyDatatypeRoundTripsAsRawContents(String datatype, long seed) {
        RandomTensor tensor = RandomTensor.of(datatype, seed);
        ModelInferResponse answer = stub().modelInfer(ModelInferRequest.newBuilder().setModelName("echo")
                .addInputs(input(tensor)).addRawInputContents(ByteString.copyFrom(tensor.raw()))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("t")).build());
        assertThat(answer.getOutputs(0).getDatatype()).isEqualTo(datatype);
        assertThat(answer.getOutputs(0).getShapeList()).containsExactlyElementsOf(shape(tensor));
        assertThat(answer.getRawOutputContents(0).toByteArray()).isEqualTo(tensor.raw());
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("datatypesAndSeeds")
    void everyDatatypeWithATypedFieldIsTakenFromTypedContentsAndAnsweredRaw(String datatype, long seed) {
        RandomTensor tensor = RandomTensor.of(datatype, seed);
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("echo")
                .addInputs(input(tensor).setContents(typed(tensor)))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("t")).build();
        if (datatype.equals("FP16")) {
            StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> stub().modelInfer(request));
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(refused.getStatus().getDescription()).contains("raw_input_contents");
            return;
        }
        ModelInferResponse answer = stub().modelInfer(request);
        assertThat(answer.getOutputs(0).hasContents()).isFalse();
        assertThat(answer.getRawOutputContents(0).toByteArray()).isEqualTo(tensor.raw());
    }

    private static ModelInferRequest.InferInputTensor.Builder input(RandomTensor tensor) {
        return ModelInferRequest.InferInputTensor.newBuilder().setName("t").setDatatype(tensor.datatype())
                .addAllShape(shape(tensor));
    }

    private static List<Long> shape(RandomTensor tensor) {
        return java.util.Arrays.stream(tensor.shape()).boxed().toList();
    }

    /** The typed contents the protocol prescribes for each datatype, written from the values. */
    private static InferTensorContents.Builder typed(RandomTensor tensor) {
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        for (Object v : tensor.values()) {
            switch (tensor.datatype()) {
                case "BOOL" -> c.addBoolContents((Boolean) v);
                case "INT8", "INT16", "INT32" -> c.addIntContents(((BigInteger) v).intValue());
                case "INT64" -> c.addInt64Contents(((BigInteger) v).longValue());
                case "UINT8", "UINT16", "UINT32" -> c.addUintContents(((BigInteger) v).intValue());
                case "UINT64" -> c.addUint64Contents(((BigInteger) v).longValue());
                case "FP16", "FP32" -> c.addFp32Contents((Float) v);
                case "FP64" -> c.addFp64Contents((Double) v);
                case "BYTES" -> c.addBytesContents(ByteString.copyFromUtf8((String) v));
                default -> throw new IllegalArgumentException(tensor.datatype());
            }
        }
        return c;
    }

    @Test
    void parametersReachTheEngine() {
        ModelInferResponse answer = stub().modelInfer(ModelInferRequest.newBuilder().setModelName("echo")
                .putParameters("top_k", InferParameter.newBuilder().setInt64Param(3).build())
                .putParameters("greedy", InferParameter.newBuilder().setBoolParam(true).build())
                .putParameters("style", InferParameter.newBuilder().setStringParam("terse").build())
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("INT32").addShape(1)
                        .setContents(InferTensorContents.newBuilder().addIntContents(5)))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("params")).build());
        assertThat(answer.getOutputs(0).getDatatype()).isEqualTo("BYTES");
        assertThat(RawOutputs.strings(answer, 0).getFirst())
                .contains("top_k=3\n", "greedy=true\n", "style=terse\n");
    }

    @Test
    void badRequestsEndWithAClearStatusAndTheAigesCode() {
        StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class, () -> stub().modelInfer(
                ModelInferRequest.newBuilder().setModelName("nosuch").addInputs(ModelInferRequest.InferInputTensor
                        .newBuilder().setName("x").setDatatype("FP32").addShape(1)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1))).build()));
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(unknown.getTrailers().get(AIGES_CODE)).isEqualTo("10404");

        List<ModelInferRequest> bad = List.of(
                ModelInferRequest.newBuilder().setModelName("echo").build(),
                ModelInferRequest.newBuilder().setModelName("echo").addInputs(ModelInferRequest.InferInputTensor
                        .newBuilder().setName("x").setDatatype("INT8").addShape(1)
                        .setContents(InferTensorContents.newBuilder().addIntContents(1000))).build(),
                ModelInferRequest.newBuilder().setModelName("echo").addInputs(ModelInferRequest.InferInputTensor
                        .newBuilder().setName("x").setDatatype("FP32").addShape(2)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1))).build(),
                ModelInferRequest.newBuilder().setModelName("echo").addInputs(ModelInferRequest.InferInputTensor
                        .newBuilder().setName("x").setDatatype("FP32").addShape(1))
                        .addRawInputContents(ByteString.copyFrom(new byte[4]))
                        .addRawInputContents(ByteString.copyFrom(new byte[4])).build(),
                ModelInferRequest.newBuilder().setModelName("echo").addInputs(ModelInferRequest.InferInputTensor
                        .newBuilder().setName("x").setDatatype("COMPLEX64").addShape(1)).build(),
                ModelInferRequest.newBuilder().setModelName("echo").addInputs(ModelInferRequest.InferInputTensor
                        .newBuilder().setName("x").setDatatype("FP32").addShape(-3)).build());
        for (ModelInferRequest request : bad) {
            StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> stub().modelInfer(request));
            assertThat(refused).as("%s", request).isNotNull();
            assertThat(refused.getStatus().getCode()).as("%s", request).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(refused.getStatus().getDescription()).isNotBlank();
        }
    }
}
