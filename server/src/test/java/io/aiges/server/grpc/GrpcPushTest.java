package io.aiges.server.grpc;

import com.google.protobuf.ByteString;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.server.PushingEngines;
import io.aiges.server.TestServer;
import io.aiges.server.grpc.v1.AigesGrpc;
import io.aiges.server.grpc.v1.DataItem;
import io.aiges.server.grpc.v1.DataStatus;
import io.aiges.server.grpc.v1.DataType;
import io.aiges.server.grpc.v1.StreamRequest;
import io.aiges.server.grpc.v1.StreamResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
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

    /**
     * A client that asks for no responses while the engine pushes 128 MiB: once the call is not
     * ready (its HTTP/2 window is full) the next pushed result ends the session, which frees its
     * instance, instead of the server buffering the flood.
     */
    @Test
    void aClientThatDoesNotReadPushedResultsEndsItsSession() throws Exception {
        try (TestServer server = server(PushingEngines.java()); GrpcClient client = new GrpcClient(server.grpcPort())) {
            java.util.concurrent.atomic.AtomicReference<ClientCallStreamObserver<StreamRequest>> requests =
                    new java.util.concurrent.atomic.AtomicReference<>();
            ClientResponseObserver<StreamRequest, StreamResponse> silent = new ClientResponseObserver<>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<StreamRequest> call) {
                    call.disableAutoRequestWithInitial(0);
                    requests.set(call);
                }

                @Override
                public void onNext(StreamResponse value) {
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            };
            AigesGrpc.newStub(client.channel()).withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS).stream(silent);
            requests.get().onNext(frame(DataStatus.BEGIN, "hello ").toBuilder().putParams("flood", "2048").build());
            var service = server.server().services().get(TestServer.SERVICE);
            Thread.sleep(200);
            // Well before [ws] readTimeout (15 s): it is the call not being ready that ends the session.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (service.sessions().size() > 0 || service.pool().idleCount() < 1) {
                assertThat(System.nanoTime()).as("the session of a client that does not read ends").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(server.get("/metrics").body()).as("it ended with 10100, not a timeout")
                    .contains("aiges_sessions_seconds_count{code=\"10100\",frontend=\"grpc\",service=\"svcName\"} 1");
            requests.get().cancel("done", null);
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
