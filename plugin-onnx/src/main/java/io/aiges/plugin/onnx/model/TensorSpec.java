package io.aiges.plugin.onnx.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.ErrorCodes;
import io.aiges.api.ServiceSchema;
import io.aiges.api.WrapperException;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A model input or output as the model's metadata declares it: name, element type and shape,
 * where -1 marks a dimension the model leaves open (a batch size, a sequence length).
 * Turns request items into tensors, checking them against the declaration, and tensors into
 * response items.
 *
 * @param maxBatch the most rows a request may send where the model leaves dimension 0 open
 *                 ({@code maxBatch} in the configuration): one request of 10,000 MNIST rows took
 *                 9 s of a core and 2.2 GB of ONNX Runtime memory
 */
record TensorSpec(String name, TensorType type, long[] shape, long maxBatch) {
    /** The item descriptor that names a tensor's element type. */
    static final String DTYPE = "dtype";
    /** The item descriptor that gives a tensor's shape: {@code "1,3,224,224"}. */
    static final String SHAPE = "shape";

    /** The spec of a model input or output, if it is a tensor of a type the engine supports. */
    static Optional<TensorSpec> of(NodeInfo node, long maxBatch) {
        if (node.getInfo() instanceof TensorInfo info) {
            return TensorType.of(info.onnxType).map(type -> new TensorSpec(node.getName(), type, info.getShape(), maxBatch));
        }
        return Optional.empty();
    }

    /** A model input or output for messages: {@code 'words' (a STRING tensor)}, {@code 'scores' (a sequence)}. */
    static String describe(NodeInfo node) {
        String kind = node.getInfo() instanceof TensorInfo info
                ? "a " + info.onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "") + " tensor"
                : "a " + node.getInfo().getClass().getSimpleName().replace("Info", "").toLowerCase(Locale.ROOT);
        return "'" + node.getName() + "' (" + kind + ")";
    }

    ServiceSchema.Field field() {
        return new ServiceSchema.Field(name, DataType.OTHER, "tensor " + type + " [" + format(shape)
                + "], raw little-endian bytes", Map.of(DTYPE, type.name(), SHAPE, format(shape)));
    }

    /** The tensor for a request item keyed by this input's name. */
    OnnxTensor tensor(OrtEnvironment env, DataItem item) throws WrapperException, OrtException {
        return type.tensor(env, item.data(), checkedShape(item));
    }

    /**
     * The shape of a request item keyed by this input's name, once its dtype, shape and size are
     * checked against the model's declaration.
     */
    long[] checkedShape(DataItem item) throws WrapperException {
        String dtype = item.descriptors().get(DTYPE);
        if (dtype != null && TensorType.parse(dtype) != type) {
            throw new WrapperException(ErrorCodes.INVALID_PARAM, "input '" + name + "' is " + type
                    + " in the model, but the request sends " + dtype);
        }
        long[] actual = shapeOf(item);
        long needed = Math.multiplyExact(elements(actual), type.size());
        if (item.data().length != needed) {
            throw new WrapperException(ErrorCodes.INVALID_DATA, "input '" + name + "' has " + item.data().length
                    + " bytes, but shape [" + format(actual) + "] of " + type + " needs " + needed);
        }
        return actual;
    }

    /** True when the model leaves dimension 0 open, so requests can be stacked along it. */
    boolean batchable() {
        return shape.length > 0 && shape[0] < 0;
    }

    /** The response item for an output tensor of this spec. */
    DataItem item(OnnxTensor tensor) {
        // getByteBuffer() copies the raw elements in native order, which is little-endian wherever ONNX Runtime runs.
        return item(tensor.getByteBuffer().array(), tensor.getInfo().getShape());
    }

    /** The response item for raw little-endian elements of the given shape. */
    DataItem item(byte[] bytes, long[] dims) {
        return DataItem.of(name, bytes, DataType.OTHER).withDescriptors(Map.of(DTYPE, type.name(), SHAPE, format(dims)));
    }

    private long[] shapeOf(DataItem item) throws WrapperException {
        String given = item.descriptors().get(SHAPE);
        if (given == null) {
            if (Arrays.stream(shape).anyMatch(d -> d < 0)) {
                throw new WrapperException(ErrorCodes.INVALID_PARAM, "input '" + name + "' needs a '" + SHAPE
                        + "' descriptor: the model leaves its shape [" + format(shape) + "] open");
            }
            return shape;
        }
        long[] actual = parse(given);
        boolean fits = actual.length == shape.length;
        for (int i = 0; fits && i < shape.length; i++) {
            fits = shape[i] < 0 || shape[i] == actual[i];
        }
        if (!fits) {
            throw new WrapperException(ErrorCodes.INVALID_PARAM, "input '" + name + "' has shape [" + format(actual)
                    + "], but the model takes [" + format(shape) + "] (-1: any size)");
        }
        if (batchable() && actual[0] > maxBatch) {
            throw new WrapperException(ErrorCodes.INVALID_PARAM_VALUE, "input '" + name + "' has shape ["
                    + format(actual) + "]: a batch of " + actual[0] + ", but this model takes at most " + maxBatch
                    + " per request (maxBatch); send the rows in several requests");
        }
        return actual;
    }

    private long[] parse(String given) throws WrapperException {
        String list = given.strip();
        if (list.startsWith("[") && list.endsWith("]")) {
            list = list.substring(1, list.length() - 1);
        }
        try {
            long[] dims = list.isBlank() ? new long[0]
                    : Arrays.stream(list.split(",")).map(String::strip).mapToLong(Long::parseLong).toArray();
            if (Arrays.stream(dims).anyMatch(d -> d < 0)) {
                throw new NumberFormatException("negative dimension");
            }
            Math.multiplyExact(elements(dims), type.size());
            return dims;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new WrapperException(ErrorCodes.INVALID_PARAM_VALUE, "input '" + name + "': shape '" + given
                    + "' is not a list of sizes such as \"1,3,224,224\"");
        }
    }

    static long elements(long[] dims) {
        long count = 1;
        for (long d : dims) {
            count = Math.multiplyExact(count, d);
        }
        return count;
    }

    static String format(long[] dims) {
        return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(","));
    }
}
