package io.aiges.server.grpc;

import com.google.protobuf.ByteString;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import io.aiges.server.grpc.v1.DataItem;
import io.aiges.server.grpc.v1.DataStatus;
import io.aiges.server.grpc.v1.DataType;
import io.aiges.server.grpc.v1.OnceRequest;
import io.aiges.server.grpc.v1.OnceResponse;
import io.aiges.server.grpc.v1.OutputSpec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code aiges.v1.Aiges/Once} over a real loopback connection, against the Java echo engine. */
class GrpcOnceTest {
    private static final int BODY_LIMIT = 64 * 1024;
    private static TestServer server;
    private static GrpcClient client;

    @BeforeAll
    static void start() {
        EngineSpec echo = new EngineSpec(TestServer.SERVICE, "java", null, EchoEngine.class.getName(), Map.of(), Path.of("."));
        server = TestServer.withGrpc(echo, new PoolConfig(2, 10, Duration.ofSeconds(5)), Duration.ofSeconds(10),
                BODY_LIMIT, SessionConfig.DEFAULTS);
        client = new GrpcClient(server.grpcPort());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static OnceRequest.Builder request() {
        return OnceRequest.newBuilder().setService(TestServer.SERVICE).putHeaders("appid", "123456");
    }

    private static StatusRuntimeException failure(OnceRequest request) {
        return catchThrowableOfType(StatusRuntimeException.class, () -> client.blocking().once(request));
    }

    @Test
    void binaryDataParamsAndDeclaredOutputsRoundTrip() {
        byte[] bytes = {0, 1, 2, (byte) 0xff, 'a'};
        OnceResponse response = client.blocking().once(request()
                .putParams("lang", "en")
                .addInputs(DataItem.newBuilder().setKey("data").setData(ByteString.copyFrom(bytes))
                        .setType(DataType.OTHER).setStatus(DataStatus.ONCE).putDescriptors("encoding", "raw"))
                .addOutputs(OutputSpec.newBuilder().setName("echo_data").setType(DataType.OTHER)
                        .putDescriptors("encoding", "raw").putDescriptors("format", "plain"))
                .addOutputs(OutputSpec.newBuilder().setName("params").setAnyType(true))
                .build());
        assertThat(response.getHeader().getCode()).isZero();
        assertThat(response.getHeader().getMessage()).isEqualTo("success");
        assertThat(response.getHeader().getStatus()).isEqualTo(DataStatus.ONCE);
        String sid = response.getHeader().getSid();
        assertThat(sid).hasSize(36);
        DataItem echo = response.getOutputs(0);
        assertThat(echo.getKey()).isEqualTo("echo_data");
        assertThat(echo.getData().toByteArray()).isEqualTo(bytes);
        assertThat(echo.getType()).isEqualTo(DataType.OTHER);
        assertThat(echo.getDescriptorsMap()).containsEntry("encoding", "raw").containsEntry("format", "plain")
                .containsEntry("status", "3").containsEntry("seq", "0");
        DataItem params = response.getOutputs(1);
        assertThat(params.getType()).isEqualTo(DataType.TEXT);
        assertThat(params.getData().toStringUtf8()).isEqualTo("lang=en\nsid=" + sid + "\n");
    }

    @Test
    void eachRequestGetsItsOwnSid() {
        OnceRequest empty = request().build();
        assertThat(client.blocking().once(empty).getHeader().getSid())
                .isNotEqualTo(client.blocking().once(empty).getHeader().getSid());
    }

    @Test
    void anUndeclaredOutputFailsAsTheHttpApiDoes() {
        StatusRuntimeException e = failure(request()
                .addInputs(DataItem.newBuilder().setKey("data").setType(DataType.TEXT))
                .addOutputs(OutputSpec.newBuilder().setName("params").setType(DataType.TEXT)).build());
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcClient.code(e)).isEqualTo("10106");
        assertThat(e.getStatus().getDescription()).contains("echo_data");
    }

    @Test
    void anUnknownServiceIsNotFoundWith10404() {
        for (String name : List.of("nope", "")) {
            StatusRuntimeException e = failure(request().setService(name).build());
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(GrpcClient.code(e)).isEqualTo("10404");
            assertThat(e.getTrailers().get(GrpcStatusOf.AIGES_SID)).hasSize(36);
            assertThat(e.getStatus().getDescription()).isNotBlank();
        }
    }

    @Test
    void anInputWithoutKeyIsInvalidWith10001() {
        StatusRuntimeException e = failure(request().addInputs(DataItem.newBuilder().setType(DataType.TEXT)).build());
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcClient.code(e)).isEqualTo("10001");
        assertThat(e.getStatus().getDescription()).contains("inputs[0].key");
    }

    @Test
    void anUnknownEnumNumberIsInvalidWith10001() {
        StatusRuntimeException e = failure(request().addInputs(DataItem.newBuilder().setKey("x").setTypeValue(9)).build());
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcClient.code(e)).isEqualTo("10001");
    }

    @Test
    void anEngineFailureIsInternalWith10909() {
        StatusRuntimeException e = failure(request().putParams("fail", "crash").build());
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(GrpcClient.code(e)).isEqualTo("10909");
    }

    @Test
    void aMessageAboveTheBodyLimitIsRefusedAndTheServerKeepsServing() {
        StatusRuntimeException e = failure(request().addInputs(DataItem.newBuilder().setKey("big")
                .setData(ByteString.copyFrom(new byte[BODY_LIMIT + 1]))).build());
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(client.blocking().once(request().build()).getHeader().getCode()).isZero();
    }

    @Test
    void healthSaysServingForTheServerAndTheService() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(client.channel());
        for (String service : List.of("", "aiges.v1.Aiges")) {
            assertThat(health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus())
                    .as(service).isEqualTo(ServingStatus.SERVING);
        }
    }

    @Test
    void reflectionListsTheService() throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(client.channel())
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        answer.complete(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        requests.onCompleted();
        List<String> services = answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                .map(ServiceResponse::getName).toList();
        assertThat(services).contains("aiges.v1.Aiges", "grpc.health.v1.Health");
    }

    @Test
    void theWireEnumsHaveTheApisNumbers() {
        for (io.aiges.api.DataType type : io.aiges.api.DataType.values()) {
            assertThat(DataType.forNumber(type.wire()).name()).isEqualTo(type.name());
        }
        for (io.aiges.api.DataStatus status : io.aiges.api.DataStatus.values()) {
            assertThat(DataStatus.forNumber(status.wire()).name()).isEqualTo(status.name());
        }
    }
}
