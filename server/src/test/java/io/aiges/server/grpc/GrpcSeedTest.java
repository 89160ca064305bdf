package io.aiges.server.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.SessionConfig;
import io.aiges.server.TestServer;
import io.aiges.server.grpc.v1.DataItem;
import io.aiges.server.grpc.v1.DataStatus;
import io.aiges.server.grpc.v1.DataType;
import io.aiges.server.grpc.v1.OnceResponse;
import io.aiges.server.grpc.v1.OutputSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The user's story over gRPC: start aiges on the embedded MNIST model, send the digit's PNG, see 7. */
class GrpcSeedTest {
    @Test
    void theSeedImageAnswersSeven() throws Exception {
        byte[] png = Files.readAllBytes(Path.of("..", "fixtures", "mnist-seed-digit7.png"));
        EngineSpec mnist = new EngineSpec(TestServer.SERVICE, "onnx", "builtin:mnist", null, Map.of(), Path.of("."));
        try (TestServer server = TestServer.withGrpc(mnist, new PoolConfig(1, 10, Duration.ofSeconds(10)),
                Duration.ofSeconds(30), 1 << 22, SessionConfig.DEFAULTS); GrpcClient client = new GrpcClient(server.grpcPort())) {
            OnceResponse response = client.blocking().once(GrpcOnceTest.request()
                    .addInputs(DataItem.newBuilder().setKey("img").setData(ByteString.copyFrom(png))
                            .setType(DataType.IMAGE).setStatus(DataStatus.ONCE).putDescriptors("encoding", "jpg"))
                    .addOutputs(OutputSpec.newBuilder().setName("result").setType(DataType.TEXT)
                            .putDescriptors("encoding", "utf8").putDescriptors("compress", "raw")
                            .putDescriptors("format", "plain"))
                    .build());
            assertThat(response.getHeader().getCode()).isZero();
            assertThat(response.getHeader().getStatus()).isEqualTo(DataStatus.ONCE);
            DataItem result = response.getOutputs(0);
            assertThat(result.getKey()).isEqualTo("result");
            assertThat(result.getDescriptorsMap()).containsEntry("format", "plain").containsEntry("status", "3");
            assertThat(new ObjectMapper().readTree(result.getData().toStringUtf8()).get("result").asInt()).isEqualTo(7);
        }
    }
}
