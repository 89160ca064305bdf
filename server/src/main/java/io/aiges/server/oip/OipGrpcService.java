package io.aiges.server.oip;

import io.aiges.api.ClientText;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.repository.ModelRepository;
import io.aiges.server.Sids;
import io.aiges.server.grpc.GrpcStatusOf;
import io.aiges.server.auth.Caller;
import io.aiges.server.grpc.GrpcAccess;
import io.aiges.server.grpc.RemoteAddressInterceptor;
import io.aiges.server.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import io.aiges.server.oip.grpc.v2.ModelInferResponse;
import io.aiges.server.oip.grpc.v2.ModelConfigRequest;
import io.aiges.server.oip.grpc.v2.ModelConfigResponse;
import io.aiges.server.oip.grpc.v2.ModelStatisticsRequest;
import io.aiges.server.oip.grpc.v2.ModelStatisticsResponse;
import io.aiges.server.oip.grpc.v2.ModelStreamInferResponse;
import io.aiges.server.oip.grpc.v2.ModelMetadataRequest;
import io.aiges.server.oip.grpc.v2.ModelMetadataResponse;
import io.aiges.server.oip.grpc.v2.ModelReadyRequest;
import io.aiges.server.oip.grpc.v2.ModelReadyResponse;
import io.aiges.server.oip.grpc.v2.RepositoryIndexRequest;
import io.aiges.server.oip.grpc.v2.RepositoryIndexResponse;
import io.aiges.server.oip.grpc.v2.RepositoryModelLoadRequest;
import io.aiges.server.oip.grpc.v2.RepositoryModelLoadResponse;
import io.aiges.server.oip.grpc.v2.RepositoryModelUnloadRequest;
import io.aiges.server.oip.grpc.v2.RepositoryModelUnloadResponse;
import io.aiges.server.oip.grpc.v2.ServerLiveRequest;
import io.aiges.server.oip.grpc.v2.ServerLiveResponse;
import io.aiges.server.oip.grpc.v2.ServerMetadataRequest;
import io.aiges.server.oip.grpc.v2.ServerMetadataResponse;
import io.aiges.server.oip.grpc.v2.ServerReadyRequest;
import io.aiges.server.oip.grpc.v2.ServerReadyResponse;
import io.aiges.server.ops.AccessLog;
import io.aiges.server.ops.Metrics;
import io.aiges.server.ops.Readiness;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code inference.GRPCInferenceService}: the Open Inference Protocol over gRPC, on the server's
 * gRPC port beside {@code aiges.v1.Aiges}. Inference goes through {@link Inference}, as over REST;
 * failures end the call with the status their kind maps to and the AIGES code in the
 * {@code aiges-code} trailer. The repository calls go through {@link RepositoryApi}, as REST's do.
 */
public final class OipGrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    private static final String FRONT_END = "oip-grpc";

    private final Inference inference;
    private final Readiness readiness;
    private final Metrics metrics;
    private final String version;
    private final RepositoryApi repository;

    public OipGrpcService(Inference inference, Readiness readiness, Metrics metrics, String version,
                          RepositoryApi repository) {
        this.inference = inference;
        this.readiness = readiness;
        this.metrics = metrics;
        this.version = version;
        this.repository = repository;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> responses) {
        answer(responses, ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> responses) {
        answer(responses, ServerReadyResponse.newBuilder().setReady(readiness.isReady()).build());
    }

    /** NOT_FOUND for a model or version not served, as Triton answers; else whether the server takes requests. */
    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> responses) {
        answerOrFail(responses, () -> {
            inference.models().find(request.getName(), request.getVersion());
            return ModelReadyResponse.newBuilder().setReady(readiness.isReady()).build();
        });
    }

    /** Triton's model configuration extension; NOT_FOUND for a model or version not served. */
    @Override
    public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> responses) {
        answerOrFail(responses, () -> ModelConfigResponse.newBuilder()
                .setConfig(inference.models().config(request.getName(), request.getVersion())).build());
    }

    /** Triton's statistics extension: every model for an empty name; NOT_FOUND for a model or version not served. */
    @Override
    public void modelStatistics(ModelStatisticsRequest request, StreamObserver<ModelStatisticsResponse> responses) {
        answerOrFail(responses, () -> inference.models().statistics(request.getName(), request.getVersion()));
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> responses) {
        ServerMetadataResponse.Builder out = ServerMetadataResponse.newBuilder().setName("aiges").setVersion(version)
                .addAllExtensions(OipRoutes.EXTENSIONS);
        if (repository.indexRefusal() == null) {
            out.addExtensions("model_repository");
        }
        answer(responses, out.build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> responses) {
        answerOrFail(responses, () -> {
            OipModels models = inference.models();
            OipModels.Metadata metadata = models.metadata(models.find(request.getName(), request.getVersion()));
            ModelMetadataResponse.Builder out = ModelMetadataResponse.newBuilder().setName(metadata.name())
                    .addAllVersions(metadata.versions()).setPlatform(metadata.platform());
            metadata.inputs().forEach(t -> out.addInputs(tensor(t)));
            metadata.outputs().forEach(t -> out.addOutputs(tensor(t)));
            return out.build();
        });
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
        Caller caller = GrpcAccess.current();
        String address = RemoteAddressInterceptor.current();
        infer(request, address, caller).thenAccept(answer -> {
            if (answer.failure() != null) {
                responses.onError(GrpcStatusOf.exception(answer.failure(), answer.sid()));
            } else {
                answer(responses, answer.reply());
            }
        });
    }

    /**
     * Triton's streaming inference: each request of the stream is answered in turn, in order; a
     * failed one with its {@code error_message}, and the stream goes on ({@link OipStreamCall}).
     */
    @Override
    public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> responses) {
        Caller caller = GrpcAccess.current();
        String address = RemoteAddressInterceptor.current();
        return OipStreamCall.start((ServerCallStreamObserver<ModelStreamInferResponse>) responses,
                request -> infer(request, address, caller));
    }

    /**
     * One inference as ModelInfer and each message of ModelStreamInfer run it: metrics and access
     * log for every request, answers always in {@code raw_output_contents} as Triton gives them.
     * Never fails: a failure is in the answer.
     */
    CompletableFuture<InferAnswer> infer(ModelInferRequest request, String address, Caller caller) {
        String sid = Sids.next();
        long arrived = System.nanoTime();
        CompletableFuture<ModelInferResponse> answer;
        try {
            answer = inference.infer(ProtoTensors.request(request), sid, address, caller)
                    .thenApply(ProtoTensors::response);
        } catch (RuntimeException e) {
            // Not only AigesException: a stream must answer every request, whatever went wrong.
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((reply, error) -> {
            AigesException failure = error == null ? null : AigesException.unwrap(error);
            String service = inference.models().label(request.getModelName());
            Duration total = Duration.ofNanos(System.nanoTime() - arrived);
            metrics.request(service, FRONT_END, failure == null ? 0 : failure.code(), total, null, caller);
            AccessLog.request(sid, service, FRONT_END, failure == null ? 0 : failure.code(),
                    request.getSerializedSize(), reply == null ? 0 : reply.getSerializedSize(), total, caller);
            return new InferAnswer(sid, reply, failure);
        });
    }

    /** One inference's answer: {@code reply}, or else {@code failure}; {@code sid} names it in the logs. */
    record InferAnswer(String sid, ModelInferResponse reply, AigesException failure) {
    }

    /**
     * The repository's models, as {@code POST /v2/repository/index}; UNIMPLEMENTED when the server
     * serves no repository (REST's 404 for a route that serves nothing here). Any
     * {@code repository_name} is accepted: there is only one.
     */
    @Override
    public void repositoryIndex(RepositoryIndexRequest request, StreamObserver<RepositoryIndexResponse> responses) {
        AigesException refusal = repository.indexRefusal();
        if (refusal != null) {
            responses.onError(GrpcStatusOf.exception(refusal, "", Status.Code.UNIMPLEMENTED));
            return;
        }
        RepositoryIndexResponse.Builder out = RepositoryIndexResponse.newBuilder();
        try {
            for (ModelRepository.Entry entry : repository.index(request.getReady())) {
                out.addModels(RepositoryIndexResponse.ModelIndex.newBuilder().setName(entry.name())
                        .setVersion(entry.version()).setState(entry.state().name()).setReason(entry.reason()));
            }
        } catch (RuntimeException e) {
            responses.onError(GrpcStatusOf.exception(AigesException.unwrap(e), ""));
            return;
        }
        answer(responses, out.build());
    }

    /**
     * {@code POST /v2/repository/models/{m}/load}: PERMISSION_DENIED (REST's 403) unless model
     * control is on, NOT_FOUND for a model the folder does not hold, INTERNAL when it does not
     * load. Runs on gRPC's executor, not an event loop, so the slow load may block it.
     */
    @Override
    public void repositoryModelLoad(RepositoryModelLoadRequest request,
                                    StreamObserver<RepositoryModelLoadResponse> responses) {
        control(responses, "load", () -> {
            refuseParametersNotHonoured(request.getParametersMap().keySet());
            repository.load(request.getModelName());
        }, RepositoryModelLoadResponse.getDefaultInstance());
    }

    /** {@code POST /v2/repository/models/{m}/unload}: as load; NOT_FOUND for a model not served. */
    @Override
    public void repositoryModelUnload(RepositoryModelUnloadRequest request,
                                      StreamObserver<RepositoryModelUnloadResponse> responses) {
        control(responses, "unload", () -> repository.unload(request.getModelName()),
                RepositoryModelUnloadResponse.getDefaultInstance());
    }

    private <T> void control(StreamObserver<T> responses, String action, Runnable work, T done) {
        AigesException refusal = repository.controlRefusal(action);
        if (refusal != null) {
            responses.onError(GrpcStatusOf.exception(refusal, "", Status.Code.PERMISSION_DENIED));
            return;
        }
        try {
            work.run();
        } catch (RuntimeException e) {
            responses.onError(GrpcStatusOf.exception(AigesException.unwrap(e), ""));
            return;
        }
        answer(responses, done);
    }

    /**
     * Triton's load takes a model configuration ("config") or the model's files ("file:…") in
     * the request; aiges loads only what the repository folder holds, so loading something else
     * than was sent would be worse than saying no. Other parameters change nothing here.
     */
    private static void refuseParametersNotHonoured(Set<String> names) {
        for (String name : names) {
            if (name.equals("config") || name.startsWith("file:")) {
                throw AigesError.INVALID_PARAM.exception("load parameter '" + ClientText.cut(name) + "' is not supported:"
                        + " aiges loads models only from the repository folder");
            }
        }
    }

    /** Answers what {@code work} gives, or ends the call with the status of the AIGES error it throws. */
    private static <T> void answerOrFail(StreamObserver<T> responses, Supplier<T> work) {
        T reply;
        try {
            reply = work.get();
        } catch (AigesException e) {
            responses.onError(GrpcStatusOf.exception(e, ""));
            return;
        }
        answer(responses, reply);
    }

    private static <T> void answer(StreamObserver<T> responses, T reply) {
        responses.onNext(reply);
        responses.onCompleted();
    }
}
