package io.aiges.server.oip;

import io.aiges.engine.service.Service;
import io.aiges.server.oip.grpc.v2.DataType;
import io.aiges.server.oip.grpc.v2.ModelConfig;
import io.aiges.server.oip.grpc.v2.ModelDynamicBatching;
import io.aiges.server.oip.grpc.v2.ModelInput;
import io.aiges.server.oip.grpc.v2.ModelInstanceGroup;
import io.aiges.server.oip.grpc.v2.ModelOutput;
import io.aiges.server.oip.grpc.v2.ModelVersionPolicy;

import java.util.Arrays;

/**
 * A served model's configuration in Triton's shape ({@code ModelConfig}), for gRPC ModelConfig
 * and {@code GET /v2/models/{m}/config} alike, from what aiges knows of the service: the tensors
 * of its metadata ({@link OipModels#metadata}), its pool as one instance group, and its
 * {@code [batching]} as dynamic batching. As in Triton, a model that batches has
 * {@code max_batch_size} above 0 and dims without the batch dimension.
 */
final class ModelConfigs {
    private static final String ONNX_PLATFORM = "onnxruntime_onnx";

    private ModelConfigs() {
    }

    static ModelConfig of(OipModels models, Service service) {
        OipModels.Metadata metadata = models.metadata(service);
        boolean batching = service.batching();
        var batches = service.config().batching();
        ModelConfig.Builder config = ModelConfig.newBuilder().setName(metadata.name())
                .setPlatform(metadata.platform())
                .setBackend(ONNX_PLATFORM.equals(metadata.platform()) ? "onnxruntime" : service.config().engine().form())
                .setVersionPolicy(ModelVersionPolicy.newBuilder()
                        .setLatest(ModelVersionPolicy.Latest.newBuilder().setNumVersions(1)))
                .setMaxBatchSize(batching ? batches.maxBatchSize() : 0)
                // An ONNX model runs where aiges puts it; the other forms place their work themselves.
                .addInstanceGroup(ModelInstanceGroup.newBuilder().setName(metadata.name() + "_0")
                        .setCount(service.config().pool().licence())
                        .setKind(ONNX_PLATFORM.equals(metadata.platform())
                                ? ModelInstanceGroup.Kind.KIND_CPU : ModelInstanceGroup.Kind.KIND_MODEL));
        for (OipModels.TensorMeta input : metadata.inputs()) {
            config.addInput(ModelInput.newBuilder().setName(input.name()).setDataType(dataType(input.datatype()))
                    .addAllDims(dims(input.shape(), batching)));
        }
        for (OipModels.TensorMeta output : metadata.outputs()) {
            config.addOutput(ModelOutput.newBuilder().setName(output.name()).setDataType(dataType(output.datatype()))
                    .addAllDims(dims(output.shape(), batching)));
        }
        if (batching) {
            config.setDynamicBatching(ModelDynamicBatching.newBuilder()
                    .addAllPreferredBatchSize(batches.preferredBatchSizes())
                    .setMaxQueueDelayMicroseconds(batches.maxBatchDelay().toNanos() / 1000));
        }
        return config.build();
    }

    /** Triton's name for a protocol datatype: {@code TYPE_} and the name, BYTES being TYPE_STRING. */
    static DataType dataType(String datatype) {
        if (Datatype.BYTES.name().equals(datatype)) {
            return DataType.TYPE_STRING;
        }
        try {
            return DataType.valueOf("TYPE_" + datatype);
        } catch (IllegalArgumentException unknown) {
            return DataType.TYPE_INVALID;
        }
    }

    private static Iterable<Long> dims(long[] shape, boolean batching) {
        long[] dims = batching && shape.length > 1 ? Arrays.copyOfRange(shape, 1, shape.length) : shape;
        return Arrays.stream(dims).boxed().toList();
    }
}
