package io.aiges.server.oip;

import com.google.protobuf.ByteString;
import io.aiges.api.EngineSpec;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.server.AigesServer;
import io.aiges.server.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import io.aiges.server.oip.grpc.v2.ModelStatisticsRequest;
import io.aiges.server.oip.grpc.v2.ModelStreamInferResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ModelStreamInfer holds one request per call at a time: a client that sends many large
 * requests and reads no answer leaves the rest in its own HTTP/2 window, so the model runs only
 * the few whose answers fit the windows, not all of them with the answers piling up in the
 * server. Once the client reads, every answer arrives, in order.
 */
class OipStreamFlowControlTest {
    private static final String MODEL = "streamed";
    /** 1 MiB of FP32 per request: a few fill the HTTP/2 windows (1 MiB each side, at most 8 grown). */
    private static final int ROWS = 65536;
    private static final int REQUESTS = 40;
    private static AigesServer server;
    private static ManagedChannel streaming;
    private static ManagedChannel asking;

    @BeforeAll
    static void start() {
        server = OipServer.start(List.of(new ServiceConfig(MODEL, new EngineSpec(MODEL, "java", null,
                TensorEchoEngine.class.getName(), Map.of(), Path.of(".")), new PoolConfig(2, 50, Duration.ofSeconds(5)),
                Duration.ofSeconds(10))), null, false);
        streaming = Grpc.newChannelBuilderForAddress("127.0.0.1", server.grpcPort(), InsecureChannelCredentials.create()).build();
        asking = Grpc.newChannelBuilderForAddress("127.0.0.1", server.grpcPort(), InsecureChannelCredentials.create()).build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        streaming.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        asking.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    private static long inferred() {
        return GRPCInferenceServiceGrpc.newBlockingStub(asking).withDeadlineAfter(10, TimeUnit.SECONDS)
                .modelStatistics(ModelStatisticsRequest.newBuilder().setName(MODEL).build())
                .getModelStats(0).getInferenceCount();
    }

    @Test
    void aClientThatDoesNotReadStopsTheStreamAndGetsEveryAnswerInOrderOnceItReads() throws Exception {
        AtomicReference<ClientCallStreamObserver<ModelInferRequest>> call = new AtomicReference<>();
        List<String> ids = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<ModelInferRequest> requests = GRPCInferenceServiceGrpc.newStub(streaming)
                .modelStreamInfer(new ClientResponseObserver<ModelInferRequest, ModelStreamInferResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<ModelInferRequest> requestStream) {
                        call.set(requestStream);
                        requestStream.disableAutoRequestWithInitial(0);
                    }

                    @Override
                    public void onNext(ModelStreamInferResponse answer) {
                        assertThat(answer.getErrorMessage()).isEmpty();
                        synchronized (ids) {
                            ids.add(answer.getInferResponse().getId());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        ByteString rows = ByteString.copyFrom(new byte[ROWS * 4 * 4]);
        for (int i = 0; i < REQUESTS; i++) {
            requests.onNext(ModelInferRequest.newBuilder().setModelName(MODEL).setId("r" + i)
                    .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32")
                            .addShape(ROWS).addShape(4))
                    .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("x"))
                    .addRawInputContents(rows).build());
        }
        requests.onCompleted();

        // Let the server run what it will; it must stop well before the last request.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (inferred() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long seen = inferred();
        for (int stable = 0; stable < 5 && System.nanoTime() < deadline; ) {
            Thread.sleep(200);
            long now = inferred();
            stable = now == seen ? stable + 1 : 0;
            seen = now;
        }
        assertThat(seen).isPositive().isLessThan(REQUESTS / 2);

        call.get().request(REQUESTS);
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            expected.add("r" + i);
        }
        assertThat(ids).containsExactlyElementsOf(expected);
        assertThat(inferred()).isEqualTo(REQUESTS);
    }
}
