package io.aiges.server.oip;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.engine.AigesError;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How tensors become the engine's data items and back, the same for every engine form: a tensor
 * is the item keyed by its name, its elements as raw little-endian bytes, with descriptors
 * {@code dtype} and {@code shape} ({@code "1,1,28,28"}): exactly what the generic ONNX engine
 * reads. A {@code BYTES} tensor of one element is that element's bytes as they are (a text, a
 * picture), so C, Python and Java engines get what they would get from {@code /v1}; several
 * elements stay length-prefixed. An output item without {@code dtype} becomes a {@code BYTES}
 * tensor of one element.
 */
final class TensorItems {
    static final String DTYPE = "dtype";
    static final String SHAPE = "shape";

    private TensorItems() {
    }

    static DataItem item(Tensor tensor) {
        Map<String, String> descriptors = new HashMap<>();
        tensor.parameters().forEach((key, value) -> descriptors.put(key, String.valueOf(value)));
        descriptors.remove(BinaryData.SIZE);
        descriptors.put(DTYPE, tensor.datatype().name());
        descriptors.put(SHAPE, tensor.shapeText());
        byte[] data = tensor.data();
        if (tensor.datatype() == Datatype.BYTES && Tensor.elements(tensor.name(), tensor.shape()) == 1) {
            data = Tensor.strings(tensor.name(), data).getFirst();
        }
        return new DataItem(tensor.name(), data, DataType.OTHER, DataStatus.ONCE, descriptors);
    }

    static Tensor tensor(DataItem item) {
        String dtype = item.descriptors().get(DTYPE);
        if (dtype == null) {
            return new Tensor(item.key(), Datatype.BYTES, new long[]{1}, Map.of(), Tensor.joinStrings(List.of(item.data())));
        }
        Datatype type;
        long[] shape;
        try {
            type = Datatype.parse(dtype);
            String given = item.descriptors().get(SHAPE);
            shape = given == null || given.isBlank() ? null : parseShape(given);
        } catch (RuntimeException e) {
            throw badOutput(item, e.getMessage());
        }
        if (type == Datatype.BYTES) {
            boolean one = shape == null || Tensor.elements(item.key(), shape) == 1;
            byte[] data = one ? Tensor.joinStrings(List.of(item.data())) : item.data();
            return checked(item, type, shape == null ? new long[]{1} : shape, data);
        }
        return checked(item, type, shape == null ? new long[]{item.data().length / type.size()} : shape, item.data());
    }

    private static Tensor checked(DataItem item, Datatype type, long[] shape, byte[] data) {
        try {
            return Tensor.of(item.key(), type, shape, Map.of(), data);
        } catch (RuntimeException e) {
            throw badOutput(item, e.getMessage());
        }
    }

    private static long[] parseShape(String text) {
        String list = text.strip();
        if (list.startsWith("[") && list.endsWith("]")) {
            list = list.substring(1, list.length() - 1);
        }
        return list.isBlank() ? new long[0]
                : Arrays.stream(list.split(",")).map(String::strip).mapToLong(Long::parseLong).toArray();
    }

    /** The engine answered something that is not a tensor: its fault, not the client's. */
    private static RuntimeException badOutput(DataItem item, String why) {
        return AigesError.INVALID_OUTPUT.exception("the engine's output '" + item.key() + "' is not a tensor: " + why);
    }
}
