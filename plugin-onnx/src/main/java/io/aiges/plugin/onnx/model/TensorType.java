package io.aiges.plugin.onnx.model;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import io.aiges.api.ErrorCodes;
import io.aiges.api.WrapperException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tensor element types the generic engine moves in and out, named as KServe's Open
 * Inference Protocol names them ({@code FP32}, {@code INT64}, ...); numpy's names
 * ({@code float32}, {@code int64}, ...) are accepted too. Data travel as raw little-endian
 * bytes (the byte order of every platform ONNX Runtime's Java package ships for), elements in
 * row-major order; a {@code BOOL} is one byte, 0 or 1.
 */
enum TensorType {
    BOOL(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL, 1, List.of("bool"),
            (env, data, shape) -> OnnxTensor.createTensor(env, data, shape, OnnxJavaType.BOOL)),
    UINT8(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8, 1, List.of("uint8"),
            (env, data, shape) -> OnnxTensor.createTensor(env, data, shape, OnnxJavaType.UINT8)),
    INT8(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8, 1, List.of("int8"),
            (env, data, shape) -> OnnxTensor.createTensor(env, data, shape, OnnxJavaType.INT8)),
    INT16(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16, 2, List.of("int16"),
            (env, data, shape) -> OnnxTensor.createTensor(env, data.asShortBuffer(), shape)),
    INT32(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32, 4, List.of("int32"),
            (env, data, shape) -> OnnxTensor.createTensor(env, data.asIntBuffer(), shape)),
    INT64(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64, 8, List.of("int64"),
            (env, data, shape) -> OnnxTensor.createTensor(env, data.asLongBuffer(), shape)),
    FP16(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16, 2, List.of("float16"),
            (env, data, shape) -> OnnxTensor.createTensor(env, data.asShortBuffer(), shape, OnnxJavaType.FLOAT16)),
    FP32(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, 4, List.of("float32", "float"),
            (env, data, shape) -> OnnxTensor.createTensor(env, data.asFloatBuffer(), shape)),
    FP64(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE, 8, List.of("float64", "double"),
            (env, data, shape) -> OnnxTensor.createTensor(env, data.asDoubleBuffer(), shape));

    private final OnnxTensorType onnxType;
    private final int size;
    private final List<String> aliases;
    private final TensorFactory factory;

    TensorType(OnnxTensorType onnxType, int size, List<String> aliases, TensorFactory factory) {
        this.onnxType = onnxType;
        this.size = size;
        this.aliases = aliases;
        this.factory = factory;
    }

    /** Bytes per element. */
    int size() {
        return size;
    }

    /** The engine's type for a model's element type, if it supports it. */
    static Optional<TensorType> of(OnnxTensorType onnxType) {
        return Arrays.stream(values()).filter(t -> t.onnxType == onnxType).findFirst();
    }

    /** A {@code dtype} descriptor's type: {@code FP32}, {@code float32}, {@code INT64}, ... in any case. */
    static TensorType parse(String name) throws WrapperException {
        String wanted = name.strip();
        return Arrays.stream(values())
                .filter(t -> t.name().equalsIgnoreCase(wanted) || t.aliases.contains(wanted.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new WrapperException(ErrorCodes.INVALID_PARAM_VALUE, "unknown dtype '" + name
                        + "' (supported: " + List.of(values()) + ")"));
    }

    /** A tensor holding a copy of the little-endian {@code data}. */
    OnnxTensor tensor(OrtEnvironment env, byte[] data, long[] shape) throws OrtException {
        return factory.create(env, ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), shape);
    }

    private interface TensorFactory {
        OnnxTensor create(OrtEnvironment env, ByteBuffer data, long[] shape) throws OrtException;
    }
}
