package io.aiges.server.grpc;

import io.aiges.engine.AigesException;
import io.aiges.engine.service.OnceResult;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.server.grpc.v1.AigesGrpc;
import io.aiges.server.grpc.v1.OnceRequest;
import io.aiges.server.grpc.v1.OnceResponse;
import io.aiges.server.grpc.v1.StreamRequest;
import io.aiges.server.grpc.v1.StreamResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code aiges.v1.Aiges} service: translates each call for the engine core and back, as the
 * HTTP front-end does. Nothing here blocks: engine calls run on the service's engine threads and
 * answer through their futures.
 */
final class AigesGrpcService extends AigesGrpc.AigesImplBase {
    private final ServiceRegistry registry;

    AigesGrpcService(ServiceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void once(OnceRequest request, StreamObserver<OnceResponse> responses) {
        String sid = UUID.randomUUID().toString();
        CompletableFuture<OnceResult> result;
        try {
            result = registry.get(request.getService()).once(ProtoMessages.onceRequest(request, sid));
        } catch (AigesException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((answer, error) -> {
            if (error != null) {
                responses.onError(GrpcStatusOf.exception(AigesException.unwrap(error), sid));
            } else {
                responses.onNext(ProtoMessages.onceResponse(answer));
                responses.onCompleted();
            }
        });
    }

    @Override
    public StreamObserver<StreamRequest> stream(StreamObserver<StreamResponse> responses) {
        return StreamCall.start(registry, (ServerCallStreamObserver<StreamResponse>) responses,
                UUID.randomUUID().toString());
    }
}
