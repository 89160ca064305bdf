package io.aiges.server.oip;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.aiges.api.ClientText;
import io.aiges.engine.AigesError;
import io.aiges.server.oip.grpc.v2.InferParameter;
import io.aiges.server.oip.grpc.v2.InferTensorContents;
import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import io.aiges.server.oip.grpc.v2.ModelInferResponse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * gRPC's {@code ModelInferRequest}/{@code ModelInferResponse} to and from the protocol-neutral
 * {@link InferRequest}/{@link InferResponse}. Typed contents are checked against the datatype
 * ({@code INT8} elements must fit in 8 bits, and so on); {@code raw_input_contents}, when used,
 * must hold one entry per input. Outputs always go back in {@code raw_output_contents}, as
 * Triton's do: its clients read only those.
 */
final class ProtoTensors {
    private ProtoTensors() {
    }

    static InferRequest request(ModelInferRequest proto) {
        if (proto.getInputsCount() == 0) {
            throw AigesError.INVALID_DATA.exception("the request has no inputs");
        }
        boolean raw = proto.getRawInputContentsCount() > 0;
        if (raw && proto.getRawInputContentsCount() != proto.getInputsCount()) {
            throw AigesError.INVALID_DATA.exception("raw_input_contents has " + proto.getRawInputContentsCount()
                    + " entries for " + proto.getInputsCount() + " inputs: it needs one per input, in order");
        }
        List<Tensor> inputs = new ArrayList<>();
        for (int i = 0; i < proto.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor input = proto.getInputs(i);
            if (input.getName().isEmpty()) {
                throw AigesError.INVALID_DATA.exception("input " + i + " has no name");
            }
            Datatype type = Datatype.parse(input.getDatatype());
            long[] shape = input.getShapeList().stream().mapToLong(Long::longValue).toArray();
            byte[] data;
            if (raw) {
                if (input.hasContents()) {
                    throw AigesError.INVALID_DATA.exception("input '" + ClientText.cut(input.getName())
                            + "' has contents, but the request uses raw_input_contents: send one or the other");
                }
                data = proto.getRawInputContents(i).toByteArray();
            } else {
                data = typed(input.getName(), type, input.getContents());
            }
            inputs.add(Tensor.of(input.getName(), type, shape, parameters(input.getParametersMap()), data));
        }
        List<InferRequest.RequestedOutput> outputs = proto.getOutputsList().stream()
                .map(o -> new InferRequest.RequestedOutput(o.getName(), parameters(o.getParametersMap()))).toList();
        return new InferRequest(proto.getModelName(), proto.getModelVersion(), proto.getId(),
                parameters(proto.getParametersMap()), inputs, outputs);
    }

    /** Every output in {@code raw_output_contents}, whatever the request used, as Triton answers. */
    static ModelInferResponse response(InferResponse response) {
        ModelInferResponse.Builder out = ModelInferResponse.newBuilder().setModelName(response.model())
                .setModelVersion(response.version()).setId(response.id());
        for (Tensor tensor : response.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder t = out.addOutputsBuilder().setName(tensor.name())
                    .setDatatype(tensor.datatype().name());
            for (long d : tensor.shape()) {
                t.addShape(d);
            }
            out.addRawOutputContents(ByteString.copyFrom(tensor.data()));
        }
        return out.build();
    }

    private static Map<String, Object> parameters(Map<String, InferParameter> proto) {
        Map<String, Object> out = new LinkedHashMap<>();
        proto.forEach((key, p) -> {
            Object value = switch (p.getParameterChoiceCase()) {
                case BOOL_PARAM -> p.getBoolParam();
                case INT64_PARAM -> p.getInt64Param();
                case STRING_PARAM -> p.getStringParam();
                case DOUBLE_PARAM -> p.getDoubleParam();
                case UINT64_PARAM -> p.getUint64Param() >= 0 ? (Object) p.getUint64Param()
                        : Long.toUnsignedString(p.getUint64Param());
                case PARAMETERCHOICE_NOT_SET -> null;
            };
            if (value != null) {
                out.put(key, value);
            }
        });
        return out;
    }

    /** The typed contents of an input as raw little-endian elements. */
    private static byte[] typed(String name, Datatype type, InferTensorContents c) {
        refuseOtherContents(name, type, c);
        if (type == Datatype.BYTES) {
            return Tensor.joinStrings(c.getBytesContentsList().stream().map(ByteString::toByteArray).toList());
        }
        int count = switch (type) {
            case BOOL -> c.getBoolContentsCount();
            case INT8, INT16, INT32 -> c.getIntContentsCount();
            case INT64 -> c.getInt64ContentsCount();
            case UINT8, UINT16, UINT32 -> c.getUintContentsCount();
            case UINT64 -> c.getUint64ContentsCount();
            case FP32 -> c.getFp32ContentsCount();
            case FP64 -> c.getFp64ContentsCount();
            default -> throw AigesError.INVALID_DATA.exception("input '" + ClientText.cut(name) + "' is " + type
                    + ", which has no typed contents: send it in raw_input_contents");
        };
        ByteBuffer out = ByteBuffer.allocate(count * type.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            switch (type) {
                case BOOL -> out.put((byte) (c.getBoolContents(i) ? 1 : 0));
                case INT8 -> out.put((byte) fits(name, type, c.getIntContents(i), Byte.MIN_VALUE, Byte.MAX_VALUE));
                case INT16 -> out.putShort((short) fits(name, type, c.getIntContents(i), Short.MIN_VALUE, Short.MAX_VALUE));
                case INT32 -> out.putInt(c.getIntContents(i));
                case INT64 -> out.putLong(c.getInt64Contents(i));
                case UINT8 -> out.put((byte) fits(name, type, Integer.toUnsignedLong(c.getUintContents(i)), 0, 0xff));
                case UINT16 -> out.putShort((short) fits(name, type, Integer.toUnsignedLong(c.getUintContents(i)), 0, 0xffff));
                case UINT32 -> out.putInt(c.getUintContents(i));
                case UINT64 -> out.putLong(c.getUint64Contents(i));
                case FP32 -> out.putFloat(c.getFp32Contents(i));
                case FP64 -> out.putDouble(c.getFp64Contents(i));
                default -> throw new IllegalStateException(type.name());
            }
        }
        return out.array();
    }

    /** The contents field that holds elements of {@code type}; null for FP16, which has none. */
    private static String contentsField(Datatype type) {
        return switch (type) {
            case BOOL -> "bool_contents";
            case INT8, INT16, INT32 -> "int_contents";
            case INT64 -> "int64_contents";
            case UINT8, UINT16, UINT32 -> "uint_contents";
            case UINT64 -> "uint64_contents";
            case FP32 -> "fp32_contents";
            case FP64 -> "fp64_contents";
            case BYTES -> "bytes_contents";
            default -> null;
        };
    }

    /**
     * Elements in another field than the datatype's are a mistake worth naming (an INT32 input
     * sent in fp32_contents), rather than "0 elements were sent" for the field that is empty.
     */
    private static void refuseOtherContents(String name, Datatype type, InferTensorContents c) {
        String expected = contentsField(type);
        for (FieldDescriptor field : InferTensorContents.getDescriptor().getFields()) {
            if (!field.getName().equals(expected) && c.getRepeatedFieldCount(field) > 0) {
                throw AigesError.INVALID_DATA.exception("input '" + ClientText.cut(name) + "' is " + type
                        + (expected == null ? ", which has no typed contents: send it in raw_input_contents"
                        : ", whose elements go in " + expected) + ", but it has " + field.getName());
            }
        }
    }

    private static long fits(String name, Datatype type, long value, long min, long max) {
        if (value < min || value > max) {
            throw AigesError.INVALID_DATA.exception("input '" + ClientText.cut(name) + "' is " + type + ": " + value
                    + " is outside " + min + ".." + max);
        }
        return value;
    }
}
