package io.aiges.server.grpc;

import com.google.protobuf.ByteString;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import io.aiges.server.grpc.v1.DataItem;
import io.aiges.server.grpc.v1.OnceRequest;
import io.aiges.server.grpc.v1.OnceResponse;
import io.aiges.server.grpc.v1.OutputSpec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random {@code Once} requests (keys including empty ones, random bytes, enum numbers in
 * and out of range, random parameters and declared outputs) never kill the server: each gets an
 * answer or a clean status with its AIGES code, and a good request still works afterwards.
 */
class GrpcFuzzTest {
    private static final int REQUESTS = 150;
    private static final Set<Status.Code> CLEAN = EnumSet.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
            Status.Code.INTERNAL, Status.Code.RESOURCE_EXHAUSTED, Status.Code.DEADLINE_EXCEEDED);
    private static final List<String> KEYS = List.of("", "data", "img", "text", "sid", "fail", "sleepMs", "é", "a b");
    private static final List<String> VALUES = List.of("", "0", "1", "crash", "input", "own", "-3", "x", "2147483648");

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 20261125})
    void randomRequestsGetAnAnswerOrACleanStatus(long seed) throws Exception {
        EngineSpec echo = new EngineSpec(TestServer.SERVICE, "java", null, EchoEngine.class.getName(), Map.of(), Path.of("."));
        try (TestServer server = TestServer.withGrpc(echo, new PoolConfig(2, 50, Duration.ofSeconds(5)),
                Duration.ofSeconds(5), 1 << 16, SessionConfig.DEFAULTS); GrpcClient client = new GrpcClient(server.grpcPort())) {
            Random random = new Random(seed);
            int answered = 0;
            for (int i = 0; i < REQUESTS; i++) {
                OnceRequest request = randomRequest(random);
                try {
                    OnceResponse response = client.blocking().once(request);
                    assertThat(response.getHeader().getCode()).isZero();
                    assertThat(response.getOutputsCount()).isEqualTo(request.getInputsCount() + 1);
                    answered++;
                } catch (StatusRuntimeException e) {
                    assertThat(e.getStatus().getCode()).as("request %d of seed %d: %s", i, seed, e).isIn(CLEAN);
                    assertThat(e.getStatus().getDescription()).isNotBlank();
                    assertThat(GrpcClient.code(e)).as("aiges-code of %s", e).matches("1\\d{4}");
                }
            }
            assertThat(answered).as("the random requests exercise both answers and errors")
                    .isBetween(REQUESTS / 20, REQUESTS - REQUESTS / 20);
            assertThat(client.blocking().once(GrpcOnceTest.request().build()).getHeader().getCode()).isZero();
            assertThat(server.server().services().get(TestServer.SERVICE).pool().idleCount()).isEqualTo(2);
        }
    }

    private static OnceRequest randomRequest(Random random) {
        OnceRequest.Builder request = OnceRequest.newBuilder()
                .setService(random.nextInt(10) == 0 ? pick(random, KEYS) : TestServer.SERVICE);
        for (int i = random.nextInt(3); i > 0; i--) {
            request.putHeaders(pick(random, KEYS), pick(random, VALUES));
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            String key = pick(random, KEYS);
            // Keep the echo engine from sleeping for long: sleepMs gets only small or broken values.
            request.putParams(key, key.equals("sleepMs") ? pick(random, List.of("1", "x", "-1")) : pick(random, VALUES));
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            byte[] data = new byte[random.nextInt(random.nextBoolean() ? 16 : 4096)];
            random.nextBytes(data);
            request.addInputs(DataItem.newBuilder().setKey(pick(random, KEYS)).setData(ByteString.copyFrom(data))
                    .setTypeValue(random.nextInt(7)).setStatusValue(random.nextInt(6))
                    .putDescriptors(pick(random, KEYS), pick(random, VALUES)));
        }
        for (int i = random.nextInt(2); i > 0; i--) {
            request.addOutputs(OutputSpec.newBuilder().setName(pick(random, KEYS)).setTypeValue(random.nextInt(7))
                    .setAnyType(random.nextBoolean()));
        }
        return request.build();
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
