package io.aiges.server.grpc;

import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import io.aiges.server.grpc.v1.OnceRequest;
import io.aiges.server.grpc.v1.OnceResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** With licence 1, no queue and a slow request in progress, a second gets RESOURCE_EXHAUSTED, 10110. */
class GrpcLicenceTest {
    @Test
    void aBusyServiceIsResourceExhaustedWith10110() throws Exception {
        EngineSpec echo = new EngineSpec(TestServer.SERVICE, "java", null, EchoEngine.class.getName(), Map.of(), Path.of("."));
        try (TestServer server = TestServer.withGrpc(echo, new PoolConfig(1, 0, Duration.ZERO), Duration.ofSeconds(10),
                1 << 20, SessionConfig.DEFAULTS); GrpcClient client = new GrpcClient(server.grpcPort())) {
            OnceRequest slow = GrpcOnceTest.request().putParams("sleepMs", "800").build();
            CompletableFuture<OnceResponse> first = CompletableFuture.supplyAsync(() -> client.blocking().once(slow));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.server().services().get(TestServer.SERVICE).pool().idleCount() > 0) {
                assertThat(System.nanoTime()).as("first request never took the instance").isLessThan(deadline);
                Thread.sleep(5);
            }
            StatusRuntimeException second = catchThrowableOfType(StatusRuntimeException.class,
                    () -> client.blocking().once(GrpcOnceTest.request().build()));
            assertThat(second.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(GrpcClient.code(second)).isEqualTo("10110");
            assertThat(first.get(10, TimeUnit.SECONDS).getHeader().getCode()).isZero();
            assertThat(client.blocking().once(GrpcOnceTest.request().build()).getHeader().getCode())
                    .as("licence is back after the first ended").isZero();
        }
    }
}
