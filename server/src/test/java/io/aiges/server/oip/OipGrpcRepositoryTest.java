package io.aiges.server.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.aiges.demo.mnist.MnistEngine;
import io.aiges.server.AigesServer;
import io.aiges.server.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.aiges.server.oip.grpc.v2.InferTensorContents;
import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import io.aiges.server.oip.grpc.v2.ModelInferResponse;
import io.aiges.server.oip.grpc.v2.ModelReadyRequest;
import io.aiges.server.oip.grpc.v2.ModelRepositoryParameter;
import io.aiges.server.oip.grpc.v2.RepositoryIndexRequest;
import io.aiges.server.oip.grpc.v2.RepositoryIndexResponse;
import io.aiges.server.oip.grpc.v2.RepositoryModelLoadRequest;
import io.aiges.server.oip.grpc.v2.RepositoryModelUnloadRequest;
import io.aiges.server.oip.grpc.v2.ServerMetadataRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The repository extension over gRPC ({@code RepositoryIndex}, {@code RepositoryModelLoad},
 * {@code RepositoryModelUnload}) with a real grpc-java client: the same models, states and
 * refusals as {@code /v2/repository/...} over REST, a model dropped in at run time loaded and
 * served through ModelInfer, then unloaded.
 */
class OipGrpcRepositoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Metadata.Key<String> AIGES_CODE = Metadata.Key.of("aiges-code", Metadata.ASCII_STRING_MARSHALLER);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @TempDir
    Path repository;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub serve(Path folder, boolean control) {
        AigesServer server = OipServer.start(List.of(), folder, control);
        opened.add(server);
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.grpcPort(),
                InsecureChannelCredentials.create()).build();
        opened.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    private static void mnistModel(Path folder) throws Exception {
        Files.createDirectories(folder);
        try (InputStream in = MnistEngine.class.getResourceAsStream(MnistEngine.MODEL_RESOURCE)) {
            Files.copy(in, folder.resolve("model.onnx"));
        }
    }

    /** The gRPC index in the JSON form REST answers it with, to compare the two. */
    private static String asRestJson(RepositoryIndexResponse index) throws Exception {
        List<Map<String, String>> entries = new ArrayList<>();
        for (RepositoryIndexResponse.ModelIndex model : index.getModelsList()) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", model.getName());
            entry.put("version", model.getVersion());
            entry.put("state", model.getState());
            entry.put("reason", model.getReason());
            entries.add(entry);
        }
        return JSON.writeValueAsString(entries);
    }

    private HttpResponse<String> rest(AigesServer server, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(60))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static RepositoryIndexResponse index(GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub,
                                                 boolean ready) {
        return stub.repositoryIndex(RepositoryIndexRequest.newBuilder().setReady(ready).build());
    }

    private static RepositoryModelLoadRequest load(String model) {
        return RepositoryModelLoadRequest.newBuilder().setModelName(model).build();
    }

    private static RepositoryModelUnloadRequest unload(String model) {
        return RepositoryModelUnloadRequest.newBuilder().setModelName(model).build();
    }

    /** Whether the model is served and ready; a model not served is NOT_FOUND, as in Triton. */
    private static boolean ready(GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub, String model) {
        try {
            return stub.modelReady(ModelReadyRequest.newBuilder().setName(model).build()).getReady();
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            return false;
        }
    }

    /** Infers the seed 7 picture on {@code model}: the answer's version when its best score is 7. */
    private static String inferSeven(GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub, String model)
            throws Exception {
        InferTensorContents.Builder pixels = InferTensorContents.newBuilder();
        JSON.readTree(Files.readAllBytes(OipRestTest.fixture())).at("/inputs/0/data")
                .forEach(v -> pixels.addFp32Contents(v.floatValue()));
        ModelInferResponse answer = stub.modelInfer(ModelInferRequest.newBuilder().setModelName(model)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                        .addAllShape(List.of(1L, 1L, 28L, 28L)).setContents(pixels))
                .build());
        List<Float> scores = RawOutputs.floats(answer, 0);
        int best = 0;
        for (int i = 1; i < scores.size(); i++) {
            best = scores.get(i) > scores.get(best) ? i : best;
        }
        assertThat(best).isEqualTo(7);
        return answer.getModelVersion();
    }

    private static StatusRuntimeException failure(ThrowingCallable call, Status.Code status, int aigesCode) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
        assertThat(e).as("the call should have failed").isNotNull();
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(status);
        assertThat(e.getTrailers().get(AIGES_CODE)).isEqualTo(Integer.toString(aigesCode));
        return e;
    }

    @Test
    void aModelDroppedInIsIndexedLoadedServedAndUnloadedOverGrpc() throws Exception {
        mnistModel(repository.resolve("digits/1"));
        var stub = serve(repository, true);
        AigesServer restServer = OipServer.start(List.of(), repository, true);
        opened.add(restServer);

        assertThat(stub.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getExtensionsList())
                .contains("binary_tensor_data", "model_repository");
        assertThat(asRestJson(index(stub, false))).isEqualTo(
                "[{\"name\":\"digits\",\"version\":\"1\",\"state\":\"READY\",\"reason\":\"\"}]")
                .isEqualTo(rest(restServer, "/v2/repository/index", null).body());

        // Dropped in: listed as REST lists it, not served until loaded.
        mnistModel(repository.resolve("later/3"));
        assertThat(asRestJson(index(stub, false)))
                .contains("{\"name\":\"later\",\"version\":\"3\",\"state\":\"UNAVAILABLE\",\"reason\":\"not loaded\"}")
                .isEqualTo(rest(restServer, "/v2/repository/index", "{}").body());
        assertThat(asRestJson(index(stub, true))).isEqualTo(rest(restServer, "/v2/repository/index", "{\"ready\":true}").body());
        assertThat(index(stub, true).getModelsList()).extracting(RepositoryIndexResponse.ModelIndex::getName)
                .containsExactly("digits");
        assertThat(ready(stub, "later")).isFalse();
        failure(() -> inferSeven(stub, "later"), Status.Code.NOT_FOUND, 10404);

        // Any repository_name is accepted, and parameters that change nothing here.
        stub.repositoryModelLoad(load("later").toBuilder().setRepositoryName("elsewhere")
                .putParameters("unload_dependents", ModelRepositoryParameter.newBuilder().setBoolParam(true).build())
                .build());
        assertThat(ready(stub, "later")).isTrue();
        assertThat(inferSeven(stub, "later")).isEqualTo("3");
        assertThat(index(stub, true).getModelsList()).extracting(RepositoryIndexResponse.ModelIndex::getName)
                .containsExactly("digits", "later");

        stub.repositoryModelUnload(unload("later").toBuilder().setRepositoryName("elsewhere").build());
        assertThat(ready(stub, "later")).isFalse();
        assertThat(failure(() -> inferSeven(stub, "later"), Status.Code.NOT_FOUND, 10404).getStatus().getDescription())
                .contains("later");
        assertThat(index(stub, false).getModels(1)).satisfies(later -> {
            assertThat(later.getName()).isEqualTo("later");
            assertThat(later.getState()).isEqualTo("UNAVAILABLE");
        });
        assertThat(failure(() -> stub.repositoryModelUnload(unload("later")), Status.Code.NOT_FOUND, 10404)
                .getStatus().getDescription()).contains("'later' is not loaded");
        assertThat(inferSeven(stub, "digits")).isEqualTo("1");
    }

    @Test
    void unknownModelsBrokenModelsAndParametersNotHonouredAreRefusedClearly() throws Exception {
        mnistModel(repository.resolve("digits/1"));
        var stub = serve(repository, true);

        assertThat(failure(() -> stub.repositoryModelLoad(load("nosuch")), Status.Code.NOT_FOUND, 10404)
                .getStatus().getDescription()).contains("no model 'nosuch'");
        failure(() -> stub.repositoryModelLoad(load("../../etc")), Status.Code.NOT_FOUND, 10404);
        failure(() -> stub.repositoryModelLoad(load("")), Status.Code.NOT_FOUND, 10404);
        failure(() -> stub.repositoryModelUnload(unload("nosuch")), Status.Code.NOT_FOUND, 10404);

        // A configuration or files sent with the load would be ignored: refused instead, nothing loaded.
        for (String parameter : List.of("config", "file:1/model.onnx")) {
            assertThat(failure(() -> stub.repositoryModelLoad(load("digits").toBuilder().putParameters(parameter,
                            ModelRepositoryParameter.newBuilder().setBytesParam(ByteString.copyFromUtf8("{}")).build())
                    .build()), Status.Code.INVALID_ARGUMENT, 10106).getStatus().getDescription()).contains(parameter);
        }

        Files.createDirectories(repository.resolve("broken/1"));
        Files.writeString(repository.resolve("broken/1/model.onnx"), "not a model");
        assertThat(failure(() -> stub.repositoryModelLoad(load("broken")), Status.Code.INTERNAL, 10903)
                .getStatus().getDescription()).contains("broken");
        assertThat(index(stub, false).getModelsList()).filteredOn(m -> m.getName().equals("broken")).singleElement()
                .satisfies(broken -> {
                    assertThat(broken.getState()).isEqualTo("UNAVAILABLE");
                    assertThat(broken.getReason()).contains("could not be loaded");
                });
        assertThat(inferSeven(stub, "digits")).isEqualTo("1");
    }

    @Test
    void loadAndUnloadAreRefusedUnlessModelControlIsOnAsOverRest() throws Exception {
        mnistModel(repository.resolve("digits/1"));
        var stub = serve(repository, false);
        AigesServer restServer = OipServer.start(List.of(), repository, false);
        opened.add(restServer);

        HttpResponse<String> restRefusal = rest(restServer, "/v2/repository/models/digits/unload", null);
        assertThat(restRefusal.statusCode()).isEqualTo(403);
        StatusRuntimeException refusal = failure(() -> stub.repositoryModelUnload(unload("digits")),
                Status.Code.PERMISSION_DENIED, 10003);
        assertThat(refusal.getStatus().getDescription()).contains("--model-control")
                .isEqualTo(JSON.readTree(restRefusal.body()).get("error").textValue());
        // Refused before the model is looked at, as over REST.
        failure(() -> stub.repositoryModelLoad(load("nosuch")), Status.Code.PERMISSION_DENIED, 10003);
        assertThat(asRestJson(index(stub, false))).isEqualTo(rest(restServer, "/v2/repository/index", null).body());
        assertThat(inferSeven(stub, "digits")).isEqualTo("1");
    }

    @Test
    void withoutARepositoryTheCallsSaySo() {
        var stub = serve(null, true);
        assertThat(stub.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getExtensionsList())
                .contains("binary_tensor_data").doesNotContain("model_repository");
        assertThat(failure(() -> index(stub, false), Status.Code.UNIMPLEMENTED, 10404).getStatus().getDescription())
                .contains("serves no model repository", "--model-repository");
        assertThat(failure(() -> stub.repositoryModelLoad(load("echo")), Status.Code.PERMISSION_DENIED, 10003)
                .getStatus().getDescription()).contains("serves no model repository");
        failure(() -> stub.repositoryModelUnload(unload("echo")), Status.Code.PERMISSION_DENIED, 10003);
    }
}
