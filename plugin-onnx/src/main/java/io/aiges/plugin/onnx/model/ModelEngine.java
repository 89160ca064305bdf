package io.aiges.plugin.onnx.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.aiges.api.BatchEngine;
import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.OrtDevice;
import io.aiges.plugin.onnx.OrtSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Any {@code .onnx} file as an engine, with no user code: the model's inputs and outputs are
 * the service's, tensors travel as raw little-endian bytes with {@code dtype} and {@code shape}
 * descriptors (see {@link TensorType}). One ONNX Runtime session is shared by all instances.
 *
 * <pre>{@code
 * // a request for a model with input "x": float [-1, 4]
 * DataItem x = DataItem.of("x", littleEndianFloats, DataType.OTHER).withDescriptors(Map.of("shape", "2,4"));
 * List<DataItem> out = ModelEngine.open(Path.of("model.onnx"), 256).newInstance().once(Params.EMPTY, List.of(x));
 * // one item per model output: raw bytes, descriptors dtype=FP32, shape=2,3
 * }</pre>
 *
 * Outputs that are not tensors of a supported type (sequences, maps, strings) are left out of
 * the answer; an input of such a type makes the model unservable (10903).
 *
 * <p>A model whose inputs and outputs all leave dimension 0 open ({@code -1}) can batch: with
 * {@code [batching]} on, requests whose tensors agree in dtype and in every dimension beyond
 * the first are stacked along dimension 0 and run once; each gets its own rows back.
 *
 * <p>Where the model leaves dimension 0 open, a request may send at most {@code maxBatch} rows
 * ({@link #DEFAULT_MAX_BATCH} unless configured); more is refused with 10107 before any tensor
 * is made.
 */
public final class ModelEngine implements BatchEngine {
    private static final Logger log = LoggerFactory.getLogger(ModelEngine.class);

    /**
     * The rows one request may send by default: 256 MNIST rows run in about 0.1 s with some 60 MB of
     * ONNX Runtime memory; MNIST's 10,000 took 9 s and 2.2 GB.
     */
    public static final long DEFAULT_MAX_BATCH = 256;

    private final OrtSession session;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final String version;
    private final ServiceSchema schema;
    /** Every input and output leaves dimension 0 open. */
    private final boolean batchable;

    private ModelEngine(OrtSession session, List<TensorSpec> inputs, List<TensorSpec> outputs, String version) {
        this.session = session;
        this.inputs = inputs;
        this.outputs = outputs;
        this.version = version;
        this.schema = new ServiceSchema(inputs.stream().map(TensorSpec::field).toList(),
                outputs.stream().map(TensorSpec::field).toList(), List.of());
        this.batchable = new StackedBatch(inputs, outputs).possible();
    }

    /**
     * Each input's name and shape beyond dimension 0 (dtype is the model's, checked): for example
     * {@code "input:1,28,28;"}. Empty when the model cannot batch or the request is not one the
     * model would take (it then runs alone and gets its error from {@link Wrapper#once}).
     */
    @Override
    public Optional<String> batchKey(Params params, List<DataItem> items) {
        if (!batchable || items.size() != inputs.size()) {
            return Optional.empty();
        }
        StringBuilder key = new StringBuilder();
        long rows = -1;
        for (TensorSpec spec : inputs) {
            DataItem item = items.stream().filter(i -> i.key().equals(spec.name())).findFirst().orElse(null);
            if (item == null) {
                return Optional.empty();
            }
            long[] dims;
            try {
                dims = spec.checkedShape(item);
            } catch (WrapperException | ArithmeticException e) {
                return Optional.empty();
            }
            if (dims[0] < 1 || (rows >= 0 && dims[0] != rows)) {
                return Optional.empty();
            }
            rows = dims[0];
            key.append(spec.name()).append(':').append(TensorSpec.format(Arrays.copyOfRange(dims, 1, dims.length))).append(';');
        }
        return Optional.of(key.toString());
    }

    /**
     * Loads the model; 10903 if ONNX Runtime cannot load it or the engine cannot feed its inputs.
     *
     * @param maxBatch the most rows one request may send where the model leaves dimension 0 open
     */
    public static ModelEngine open(Path model, long maxBatch) throws WrapperException {
        return open(model, maxBatch, OrtDevice.CPU);
    }

    /** As {@link #open(Path, long)}, with its session on {@code device} ({@code [engine] device}). */
    public static ModelEngine open(Path model, long maxBatch, OrtDevice device) throws WrapperException {
        OrtSession session = OrtSessions.open(model, device);
        try {
            return new ModelEngine(session, feedableInputs(model, session.getInputInfo(), maxBatch),
                    servableOutputs(model, session.getOutputInfo()), describe(model, session.getMetadata()));
        } catch (OrtException e) {
            OrtSessions.close(session);
            throw new WrapperException(OrtSessions.LOAD_FAILED,
                    "ONNX model " + model + " could not be inspected: " + e.getMessage(), e);
        } catch (WrapperException e) {
            OrtSessions.close(session);
            throw e;
        }
    }

    private static List<TensorSpec> feedableInputs(Path model, Map<String, NodeInfo> nodes, long maxBatch)
            throws WrapperException {
        List<TensorSpec> inputs = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            inputs.add(TensorSpec.of(node, maxBatch).orElseThrow(() -> new WrapperException(OrtSessions.LOAD_FAILED,
                    "ONNX model " + model + ": input " + TensorSpec.describe(node)
                            + " is not a tensor the onnx engine can feed (supported: "
                            + List.of(TensorType.values()) + ")")));
        }
        return List.copyOf(inputs);
    }

    private static List<TensorSpec> servableOutputs(Path model, Map<String, NodeInfo> nodes) throws WrapperException {
        List<TensorSpec> outputs = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            // An output's rows are the inputs' to the model, not the request's to refuse: no bound.
            TensorSpec.of(node, Long.MAX_VALUE).ifPresentOrElse(outputs::add,
                    () -> log.warn("ONNX model {}: output {} is not a tensor the onnx engine can return; it is left out",
                            model, TensorSpec.describe(node)));
        }
        if (outputs.isEmpty()) {
            throw new WrapperException(OrtSessions.LOAD_FAILED, "ONNX model " + model
                    + " has no output the onnx engine can return (outputs: "
                    + nodes.values().stream().map(TensorSpec::describe).toList() + ")");
        }
        return List.copyOf(outputs);
    }

    /** For example {@code "resnet50.onnx (pytorch, model version 3, onnxruntime 1.29.0)"}. */
    private static String describe(Path model, OnnxModelMetadata meta) {
        StringBuilder text = new StringBuilder().append(model.getFileName()).append(" (");
        if (!meta.getProducerName().isBlank()) {
            text.append(meta.getProducerName()).append(", ");
        }
        // ONNX Runtime reports an unset model_version as Long.MAX_VALUE; exporters mostly leave it unset.
        if (meta.getVersion() > 0 && meta.getVersion() < Long.MAX_VALUE) {
            text.append("model version ").append(meta.getVersion()).append(", ");
        }
        return text.append("onnxruntime ").append(OrtSessions.environment().getVersion()).append(')').toString();
    }

    @Override
    public Wrapper newInstance() {
        return new ModelInstance(session, inputs, outputs);
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public ServiceSchema schema() {
        return schema;
    }

    @Override
    public void close() {
        OrtSessions.close(session);
    }
}
