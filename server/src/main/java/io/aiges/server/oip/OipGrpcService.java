package io.aiges.server.oip;

import io.aiges.engine.AigesException;
import io.aiges.engine.service.Service;
import io.aiges.server.Sids;
import io.aiges.server.grpc.GrpcStatusOf;
import io.aiges.server.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import io.aiges.server.oip.grpc.v2.ModelInferResponse;
import io.aiges.server.oip.grpc.v2.ModelMetadataRequest;
import io.aiges.server.oip.grpc.v2.ModelMetadataResponse;
import io.aiges.server.oip.grpc.v2.ModelReadyRequest;
import io.aiges.server.oip.grpc.v2.ModelReadyResponse;
import io.aiges.server.oip.grpc.v2.ServerLiveRequest;
import io.aiges.server.oip.grpc.v2.ServerLiveResponse;
import io.aiges.server.oip.grpc.v2.ServerMetadataRequest;
import io.aiges.server.oip.grpc.v2.ServerMetadataResponse;
import io.aiges.server.oip.grpc.v2.ServerReadyRequest;
import io.aiges.server.oip.grpc.v2.ServerReadyResponse;
import io.aiges.server.ops.AccessLog;
import io.aiges.server.ops.Metrics;
import io.aiges.server.ops.Readiness;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code inference.GRPCInferenceService}: the Open Inference Protocol over gRPC, on the server's
 * gRPC port beside {@code aiges.v1.Aiges}. Inference goes through {@link Inference}, as over REST;
 * failures end the call with the status their kind maps to and the AIGES code in the
 * {@code aiges-code} trailer.
 */
public final class OipGrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    private static final String FRONT_END = "oip-grpc";

    private final Inference inference;
    private final Readiness readiness;
    private final Metrics metrics;
    private final String version;

    public OipGrpcService(Inference inference, Readiness readiness, Metrics metrics, String version) {
        this.inference = inference;
        this.readiness = readiness;
        this.metrics = metrics;
        this.version = version;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> responses) {
        answer(responses, ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> responses) {
        answer(responses, ServerReadyResponse.newBuilder().setReady(readiness.isReady()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> responses) {
        boolean ready = readiness.isReady() && inference.models().ready(request.getName(), request.getVersion());
        answer(responses, ModelReadyResponse.newBuilder().setReady(ready).build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> responses) {
        answer(responses, ServerMetadataResponse.newBuilder().setName("aiges").setVersion(version)
                .addExtensions("binary_tensor_data").build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> responses) {
        OipModels.Metadata metadata;
        try {
            OipModels models = inference.models();
            Service service = models.find(request.getName(), request.getVersion());
            metadata = models.metadata(service);
        } catch (AigesException e) {
            responses.onError(GrpcStatusOf.exception(e, ""));
            return;
        }
        ModelMetadataResponse.Builder out = ModelMetadataResponse.newBuilder().setName(metadata.name())
                .addAllVersions(metadata.versions()).setPlatform(metadata.platform());
        metadata.inputs().forEach(t -> out.addInputs(tensor(t)));
        metadata.outputs().forEach(t -> out.addOutputs(tensor(t)));
        answer(responses, out.build());
    }

    private static ModelMetadataResponse.TensorMetadata tensor(OipModels.TensorMeta meta) {
        ModelMetadataResponse.TensorMetadata.Builder t = ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(meta.name()).setDatatype(meta.datatype());
        for (long d : meta.shape()) {
            t.addShape(d);
        }
        return t.build();
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> responses) {
        String sid = Sids.next();
        long arrived = System.nanoTime();
        boolean raw = request.getRawInputContentsCount() > 0;
        CompletableFuture<ModelInferResponse> answer;
        try {
            answer = inference.infer(ProtoTensors.request(request), sid)
                    .thenApply(response -> ProtoTensors.response(response, raw));
        } catch (AigesException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((reply, error) -> {
            AigesException failure = error == null ? null : AigesException.unwrap(error);
            String service = inference.models().label(request.getModelName());
            Duration total = Duration.ofNanos(System.nanoTime() - arrived);
            metrics.request(service, FRONT_END, failure == null ? 0 : failure.code(), total, null);
            AccessLog.request(sid, service, FRONT_END, failure == null ? 0 : failure.code(),
                    request.getSerializedSize(), reply == null ? 0 : reply.getSerializedSize(), total);
            if (failure != null) {
                responses.onError(GrpcStatusOf.exception(failure, sid));
            } else {
                answer(responses, reply);
            }
        });
    }

    private static <T> void answer(StreamObserver<T> responses, T reply) {
        responses.onNext(reply);
        responses.onCompleted();
    }
}
