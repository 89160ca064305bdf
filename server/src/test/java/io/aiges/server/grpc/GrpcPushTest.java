package io.aiges.server.grpc;

import com.google.protobuf.ByteString;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.server.PushingEngines;
import io.aiges.server.TestServer;
import io.aiges.server.grpc.v1.DataItem;
import io.aiges.server.grpc.v1.DataStatus;
import io.aiges.server.grpc.v1.DataType;
import io.aiges.server.grpc.v1.StreamRequest;
import io.aiges.server.grpc.v1.StreamResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Results an engine pushes from its own thread reach a gRPC {@code Stream} client at once, while it
 * sends nothing, numbered in order with the frames' results.
 */
class GrpcPushTest {
    @TempDir
    Path dir;

    private static TestServer server(EngineSpec spec) {
        return TestServer.withGrpc(spec, new PoolConfig(1, 0, Duration.ZERO), Duration.ofSeconds(10), 1 << 20,
                PushingEngines.PUSH_ONLY);
    }

    private static StreamRequest frame(DataStatus status, String text) {
        return StreamRequest.newBuilder().setService(TestServer.SERVICE).setStatus(status)
                .addInputs(DataItem.newBuilder().setKey("text").setType(DataType.TEXT).setStatus(status)
                        .setData(ByteString.copyFromUtf8(text)).putDescriptors("encoding", "utf8"))
                .build();
    }

    @Test
    void aJavaEnginesPushedResultReachesASilentClient() throws Exception {
        try (TestServer server = server(PushingEngines.java()); GrpcClient client = new GrpcClient(server.grpcPort())) {
            assertPushedThenFinal(client);
        }
    }

    @Test
    void theCStreamingExamplesPushedResultsReachASilentClient() throws Exception {
        try (TestServer server = server(PushingEngines.cStreaming(dir)); GrpcClient client = new GrpcClient(server.grpcPort())) {
            assertPushedThenFinal(client);
        }
    }

    private static void assertPushedThenFinal(GrpcClient client) throws Exception {
        GrpcClient.Answers call = client.stream();
        call.send(frame(DataStatus.BEGIN, "hello "));
        // Nothing more is sent: the partial result comes by itself.
        StreamResponse partial = call.next();
        assertThat(partial.getHeader().getCode()).isZero();
        assertThat(partial.getOutputs(0).getData().toStringUtf8()).isEqualTo("partial: hello ");
        assertThat(partial.getOutputs(0).getDescriptorsMap()).containsEntry("seq", "0").containsEntry("status", "1");
        call.send(frame(DataStatus.CONTINUE, "big "));
        StreamResponse second = call.next();
        assertThat(second.getOutputs(0).getData().toStringUtf8()).isEqualTo("partial: hello big ");
        assertThat(second.getOutputs(0).getDescriptorsMap()).containsEntry("seq", "1");
        call.send(frame(DataStatus.END, "world"));
        StreamResponse last = call.next();
        assertThat(last.getHeader().getStatus()).isEqualTo(DataStatus.END);
        assertThat(last.getOutputs(0).getData().toStringUtf8()).isEqualTo("final: hello big world");
        assertThat(last.getOutputs(0).getDescriptorsMap()).containsEntry("seq", "2").containsEntry("status", "2");
        assertThat(call.end().status().isOk()).as("the final result completes the call; nothing is sent twice").isTrue();
        call.requests.onCompleted();
    }
}
