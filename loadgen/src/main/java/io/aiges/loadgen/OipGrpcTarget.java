package io.aiges.loadgen;

import io.aiges.server.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import io.aiges.server.oip.grpc.v2.ModelInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * {@code inference.GRPCInferenceService/ModelInfer} (Open Inference Protocol v2 over gRPC) on one
 * HTTP/2 channel, the request built once from the OIP JSON body. Success is an answer with
 * outputs; a failed call counts as {@code grpc-<STATUS>} (e.g. {@code grpc-NOT_FOUND},
 * {@code grpc-RESOURCE_EXHAUSTED}), except a call past its deadline ({@code timeout}) and one that
 * never reached a server ({@code transport}).
 */
final class OipGrpcTarget implements Target {
    private final ManagedChannel channel;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub;
    private final ModelInferRequest request;
    private final long timeoutMillis;

    OipGrpcTarget(BenchUrl url, byte[] body, LoadPlan plan) {
        int slash = url.path().indexOf('/');
        this.request = slash < 0 ? OipGrpcRequests.infer(body, url.path(), "")
                : OipGrpcRequests.infer(body, url.path().substring(0, slash), url.path().substring(slash + 1));
        this.channel = GrpcTarget.channel(url);
        this.stub = GRPCInferenceServiceGrpc.newStub(channel);
        this.timeoutMillis = plan.timeout().toMillis();
    }

    @Override
    public CompletableFuture<String> send(LongConsumer frameLatency) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        stub.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS).modelInfer(request, GrpcTarget.unaryOutcome(outcome,
                (ModelInferResponse response) -> response.getOutputsCount() > 0 ? SUCCESS : TRANSPORT, OipGrpcTarget::code));
        return outcome;
    }

    /** The outcome of a failed call, as the class comment says. */
    static String code(Throwable error) {
        Status status = Status.fromThrowable(error);
        return switch (status.getCode()) {
            case DEADLINE_EXCEEDED -> TIMEOUT;
            // UNAVAILABLE with a cause is the client's own: connection refused or reset.
            case UNAVAILABLE -> status.getCause() != null ? TRANSPORT : "grpc-UNAVAILABLE";
            default -> "grpc-" + status.getCode().name();
        };
    }

    @Override
    public void close() {
        GrpcTarget.shutdown(channel);
    }
}
