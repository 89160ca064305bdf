package io.aiges.loadgen;

import io.aiges.server.grpc.v1.AigesGrpc;
import io.aiges.server.grpc.v1.OnceRequest;
import io.aiges.server.grpc.v1.OnceResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.concurrent.TimeUnit;

/**
 * The {@code aiges.v1.Aiges/Once} call on one HTTP/2 channel (calls multiplex on it). The outcome
 * is the answer's header code, or for a failed call the {@code aiges-code} trailer the server
 * puts on every error; a call without one failed in transport, or ran past its deadline.
 */
final class GrpcTarget implements Target {
    private static final Metadata.Key<String> AIGES_CODE = Metadata.Key.of("aiges-code", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final AigesGrpc.AigesStub stub;
    private final OnceRequest request;
    private final long timeoutMillis;

    GrpcTarget(BenchUrl url, byte[] body, LoadPlan plan) {
        this.request = GrpcRequests.once(body, url.path());
        this.channel = channel(url);
        this.stub = AigesGrpc.newStub(channel);
        this.timeoutMillis = plan.timeout().toMillis();
    }

    @Override
    public CompletableFuture<String> send(LongConsumer frameLatency) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        stub.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS).once(request,
                unaryOutcome(outcome, response -> Integer.toString(response.getHeader().getCode()), GrpcTarget::code));
        return outcome;
    }

    /**
     * The observer of a unary call that completes {@code outcome} once: from the answer, from the
     * failure, or {@code transport} for a call that ended without either.
     */
    static <R> StreamObserver<R> unaryOutcome(CompletableFuture<String> outcome, Function<R, String> answered,
                                              Function<Throwable, String> failed) {
        return new StreamObserver<>() {
            @Override
            public void onNext(R response) {
                outcome.complete(answered.apply(response));
            }

            @Override
            public void onError(Throwable error) {
                outcome.complete(failed.apply(error));
            }

            @Override
            public void onCompleted() {
                outcome.complete(TRANSPORT);
            }
        };
    }

    /** The outcome of a failed call: its {@code aiges-code} trailer, else {@code timeout} or {@code transport}. */
    static String code(Throwable error) {
        Metadata trailers = Status.trailersFromThrowable(error);
        String code = trailers == null ? null : trailers.get(AIGES_CODE);
        if (code != null) {
            return code;
        }
        return Status.fromThrowable(error).getCode() == Status.Code.DEADLINE_EXCEEDED ? TIMEOUT : TRANSPORT;
    }

    @Override
    public void close() {
        shutdown(channel);
    }

    /**
     * The one channel a gRPC target's calls multiplex on. Callbacks only complete a future, record a
     * latency or send the next message, none of which blocks: they run on the transport's threads
     * rather than hop to another pool.
     */
    static ManagedChannel channel(BenchUrl url) {
        return Grpc.newChannelBuilderForAddress(url.host(), url.port(), InsecureChannelCredentials.create())
                .directExecutor()
                .build();
    }

    /** Waits up to 5 s for the calls still open to finish, then cuts them. */
    static void shutdown(ManagedChannel channel) {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
