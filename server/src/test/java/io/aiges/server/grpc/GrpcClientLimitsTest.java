package io.aiges.server.grpc;

import com.google.protobuf.ByteString;
import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.engine.config.BatchConfig;
import io.aiges.engine.config.ClientLimitConfig;
import io.aiges.config.GrpcConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.RateLimitConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.demo.engines.RunningTextEngine;
import io.aiges.server.AigesServer;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import io.aiges.server.grpc.v1.DataItem;
import io.aiges.server.grpc.v1.DataStatus;
import io.aiges.server.grpc.v1.DataType;
import io.aiges.server.grpc.v1.StreamRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Fairness between clients over gRPC: a client over its limit is RESOURCE_EXHAUSTED, 10110; another is served. */
class GrpcClientLimitsTest {
    private static TestServer server(Class<?> engine, ClientLimitConfig limits) {
        EngineSpec spec = new EngineSpec(TestServer.SERVICE, "java", null, engine.getName(), Map.of(), Path.of("."));
        ServiceConfig service = new ServiceConfig(TestServer.SERVICE, spec, new PoolConfig(3, 0, Duration.ZERO),
                Duration.ofSeconds(10), SessionConfig.DEFAULTS, RateLimitConfig.NONE, BatchConfig.OFF, limits);
        return new TestServer(AigesServer.start(new AigesConfig(null, service, new HttpConfig("127.0.0.1", 0, 1 << 20),
                new GrpcConfig(true, "127.0.0.1", 0))));
    }

    @Test
    void aClientOverItsRateIsResourceExhaustedWhileAnotherIsServed() throws Exception {
        try (TestServer server = server(EchoEngine.class, new ClientLimitConfig(0, 1));
             GrpcClient client = new GrpcClient(server.grpcPort())) {
            assertThat(client.blocking().once(GrpcOnceTest.request().putHeaders("appid", "A").build())
                    .getHeader().getCode()).isZero();
            StatusRuntimeException over = catchThrowableOfType(StatusRuntimeException.class,
                    () -> client.blocking().once(GrpcOnceTest.request().putHeaders("appid", "A").build()));
            assertThat(over.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(GrpcClient.code(over)).isEqualTo("10110");
            assertThat(over.getStatus().getDescription()).contains("appid A", "[fc] maxRequestsPerClient");
            assertThat(client.blocking().once(GrpcOnceTest.request().putHeaders("appid", "B").build())
                    .getHeader().getCode()).as("another client").isZero();

            assertThat(client.blocking().once(GrpcOnceTest.request().removeHeaders("appid").build())
                    .getHeader().getCode()).isZero();
            StatusRuntimeException byAddress = catchThrowableOfType(StatusRuntimeException.class,
                    () -> client.blocking().once(GrpcOnceTest.request().removeHeaders("appid").build()));
            assertThat(byAddress.getStatus().getDescription()).as("without an appid, the call's address")
                    .contains("address 127.0.0.1");
        }
    }

    private static StreamRequest first(String appid) {
        return StreamRequest.newBuilder().setService(TestServer.SERVICE).setStatus(DataStatus.BEGIN)
                .putHeaders("appid", appid)
                .addInputs(DataItem.newBuilder().setKey("text").setType(DataType.TEXT).setStatus(DataStatus.BEGIN)
                        .setData(ByteString.copyFromUtf8("hi ")).putDescriptors("encoding", "utf8"))
                .build();
    }

    @Test
    void aClientHoldingItsSessionsIsRefusedAnother() throws Exception {
        try (TestServer server = server(RunningTextEngine.class, new ClientLimitConfig(1, 0));
             GrpcClient client = new GrpcClient(server.grpcPort())) {
            GrpcClient.Answers held = client.stream();
            held.send(first("A"));
            assertThat(held.next().getHeader().getCode()).isZero();
            GrpcClient.Answers refused = client.stream();
            refused.send(first("A"));
            GrpcClient.Answers.End end = refused.end();
            assertThat(end.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(end.code()).isEqualTo("10110");
            assertThat(end.status().getDescription()).contains("appid A", "[fc] maxSessionsPerClient");
            GrpcClient.Answers other = client.stream();
            other.send(first("B"));
            assertThat(other.next().getHeader().getCode()).as("another client").isZero();
            held.requests.cancel("done", null);
            other.requests.cancel("done", null);
        }
    }
}
