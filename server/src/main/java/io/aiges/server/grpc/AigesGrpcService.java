package io.aiges.server.grpc;

import io.aiges.engine.AigesException;
import io.aiges.engine.service.OnceResult;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.server.FrontEndRules;
import io.aiges.server.auth.Caller;
import io.aiges.server.Sids;
import io.aiges.server.grpc.v1.AigesGrpc;
import io.aiges.server.grpc.v1.OnceRequest;
import io.aiges.server.grpc.v1.OnceResponse;
import io.aiges.server.grpc.v1.StreamRequest;
import io.aiges.server.grpc.v1.StreamResponse;
import io.aiges.server.ops.AccessLog;
import io.aiges.server.ops.Metrics;
import io.aiges.server.ops.SessionRecord;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code aiges.v1.Aiges} service: translates each call for the engine core and back, as the
 * HTTP front-end does. Nothing here blocks: engine calls run on the service's engine threads and
 * answer through their futures.
 */
final class AigesGrpcService extends AigesGrpc.AigesImplBase {
    /** The {@code frontend} label of this front-end's metrics. */
    private static final String FRONT_END = "grpc";

    private final ServiceRegistry registry;
    private final Metrics metrics;

    AigesGrpcService(ServiceRegistry registry, Metrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    @Override
    public void once(OnceRequest request, StreamObserver<OnceResponse> responses) {
        String sid = Sids.next();
        long arrived = System.nanoTime();
        CompletableFuture<OnceResult> result;
        // Metrics are labelled with served names only: a client's made-up name must not become a label.
        String label = Metrics.UNKNOWN_SERVICE;
        Caller caller = GrpcAccess.current();
        try {
            Service service = registry.get(request.getService());
            label = service.name();
            metrics.requestSize(label, FRONT_END, request.getSerializedSize());
            result = service.once(FrontEndRules.asCaller(ProtoMessages.onceRequest(request, sid), caller),
                    FrontEndRules.client(request.getHeadersMap(), RemoteAddressInterceptor.current(), caller));
        } catch (AigesException e) {
            result = CompletableFuture.failedFuture(e);
        }
        String serviceLabel = label;
        result.whenComplete((answer, error) -> {
            AigesException failure = error == null ? null : AigesException.unwrap(error);
            int code = failure == null ? 0 : failure.code();
            Duration total = Duration.ofNanos(System.nanoTime() - arrived);
            metrics.request(serviceLabel, FRONT_END, code, total, answer, caller);
            OnceResponse reply = failure == null ? ProtoMessages.onceResponse(answer) : null;
            AccessLog.request(sid, serviceLabel, FRONT_END, code, request.getSerializedSize(),
                    reply == null ? 0 : reply.getSerializedSize(), total, caller);
            if (reply == null) {
                responses.onError(GrpcStatusOf.exception(failure, sid));
            } else {
                responses.onNext(reply);
                responses.onCompleted();
            }
        });
    }

    @Override
    public StreamObserver<StreamRequest> stream(StreamObserver<StreamResponse> responses) {
        String sid = UUID.randomUUID().toString();
        return StreamCall.start(registry, (ServerCallStreamObserver<StreamResponse>) responses, sid,
                new SessionRecord(metrics, FRONT_END, sid, GrpcAccess.current()), RemoteAddressInterceptor.current(),
                GrpcAccess.current());
    }
}
