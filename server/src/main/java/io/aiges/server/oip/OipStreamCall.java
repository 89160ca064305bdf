package io.aiges.server.oip;

import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import io.aiges.server.oip.grpc.v2.ModelStreamInferResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One {@code ModelStreamInfer} call: its requests are inferred one at a time, in the order they
 * came, each answered with its {@code infer_response} or, when it failed, its
 * {@code error_message} (the stream goes on, as in Triton). The client's half-close ends the call
 * once the last answer is out; its cancel drops the answer in flight.
 *
 * <p>Flow control: the next request is asked for only when the previous one is answered and the
 * client reads, so a client sending faster than the model answers fills its own HTTP/2 window,
 * not our memory: one request per call is held at a time.
 *
 * <p>Callbacks arrive from gRPC's executor and the engine's threads; every method holds this
 * object's lock, which serialises calls on the response observer as gRPC requires. Nothing waits
 * while holding it.
 */
final class OipStreamCall implements StreamObserver<ModelInferRequest> {
    private final ServerCallStreamObserver<ModelStreamInferResponse> responses;
    private final Function<ModelInferRequest, CompletableFuture<OipGrpcService.InferAnswer>> infer;
    private boolean requested;
    private boolean inFlight;
    private boolean halfClosed;
    private boolean done;

    private OipStreamCall(ServerCallStreamObserver<ModelStreamInferResponse> responses,
                          Function<ModelInferRequest, CompletableFuture<OipGrpcService.InferAnswer>> infer) {
        this.responses = responses;
        this.infer = infer;
    }

    /** Must run inside the service method: gRPC accepts flow-control settings only there. */
    static OipStreamCall start(ServerCallStreamObserver<ModelStreamInferResponse> responses,
                               Function<ModelInferRequest, CompletableFuture<OipGrpcService.InferAnswer>> infer) {
        OipStreamCall call = new OipStreamCall(responses, infer);
        responses.disableAutoRequest();
        responses.setOnCancelHandler(call::cancelled);
        responses.setOnReadyHandler(call::pull);
        call.pull();
        return call;
    }

    private synchronized void pull() {
        if (!done && !requested && !inFlight && !halfClosed && responses.isReady()) {
            requested = true;
            responses.request(1);
        }
    }

    @Override
    public void onNext(ModelInferRequest request) {
        synchronized (this) {
            requested = false;
            inFlight = true;
        }
        // Outside the lock: an engine that runs inline answers on this thread.
        infer.apply(request).thenAccept(this::answered);
    }

    private synchronized void answered(OipGrpcService.InferAnswer answer) {
        inFlight = false;
        if (done) {
            return;
        }
        ModelStreamInferResponse.Builder out = ModelStreamInferResponse.newBuilder();
        if (answer.failure() != null) {
            out.setErrorMessage(answer.failure().getMessage());
        } else {
            out.setInferResponse(answer.reply());
        }
        responses.onNext(out.build());
        if (halfClosed) {
            finish();
        } else {
            pull();
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        done = true;
    }

    @Override
    public synchronized void onCompleted() {
        halfClosed = true;
        if (!inFlight) {
            finish();
        }
    }

    private void cancelled() {
        synchronized (this) {
            done = true;
        }
    }

    private void finish() {
        if (!done) {
            done = true;
            responses.onCompleted();
        }
    }
}
