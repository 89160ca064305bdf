package io.aiges.server.oip;

import io.aiges.api.ClientText;
import io.aiges.engine.AigesError;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One named tensor of a request or response, whatever it came in as (JSON, binary data, gRPC
 * typed contents or raw contents): its elements as raw little-endian bytes in row-major order,
 * {@code BYTES} elements each length-prefixed (see {@link Datatype}). The array is not copied.
 *
 * @param parameters the tensor's {@code parameters}: JSON scalars as Boolean, Long, Double or String
 */
public record Tensor(String name, Datatype datatype, long[] shape, Map<String, Object> parameters, byte[] data) {

    public Tensor {
        parameters = Map.copyOf(parameters);
    }

    /** Builds a tensor, checking that its data hold exactly the elements its shape says. */
    public static Tensor of(String name, Datatype datatype, long[] shape, Map<String, Object> parameters, byte[] data) {
        long expected = elements(name, shape);
        long actual = datatype == Datatype.BYTES ? strings(name, data).size() : data.length / datatype.size();
        if (datatype != Datatype.BYTES && data.length % datatype.size() != 0 || actual != expected) {
            throw AigesError.INVALID_DATA.exception(shapeOf(name, shape) + " holds "
                    + expected + " " + datatype + " elements, but " + (datatype == Datatype.BYTES
                    ? actual + " were sent" : data.length + " bytes were sent (" + datatype.size() + " per element)"));
        }
        return new Tensor(name, datatype, shape, parameters, data);
    }

    /** How an error names a tensor's shape: name and dimensions as the client sent them, cut short. */
    private static String shapeOf(String name, long[] shape) {
        return "tensor '" + ClientText.cut(name) + "': shape " + ClientText.cut(Arrays.toString(shape));
    }

    /** The number of elements a shape holds; a clear 10009 for negative or overflowing dimensions. */
    static long elements(String name, long[] shape) {
        long count = 1;
        try {
            for (long d : shape) {
                if (d < 0) {
                    throw new ArithmeticException();
                }
                count = Math.multiplyExact(count, d);
            }
        } catch (ArithmeticException e) {
            throw AigesError.INVALID_DATA.exception(shapeOf(name, shape)
                    + " is not a list of sizes (each 0 or more)");
        }
        return count;
    }

    /** Splits length-prefixed {@code BYTES} data into its elements. */
    static List<byte[]> strings(String name, byte[] data) {
        List<byte[]> out = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            if (in.remaining() < 4) {
                throw truncated(name);
            }
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw truncated(name);
            }
            byte[] element = new byte[length];
            in.get(element);
            out.add(element);
        }
        return out;
    }

    /** Length-prefixed {@code BYTES} data of the given elements. */
    static byte[] joinStrings(List<byte[]> elements) {
        int total = elements.stream().mapToInt(e -> 4 + e.length).sum();
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        elements.forEach(e -> out.putInt(e.length).put(e));
        return out.array();
    }

    private static RuntimeException truncated(String name) {
        return AigesError.INVALID_DATA.exception("tensor '" + ClientText.cut(name) + "': BYTES data must be elements each of a 4-byte"
                + " little-endian length and that many bytes; these end in the middle of one");
    }

    /** {@code "1,1,28,28"}: the shape as an item descriptor. */
    String shapeText() {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && name.equals(t.name) && datatype == t.datatype && Arrays.equals(shape, t.shape)
                && parameters.equals(t.parameters) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor[" + name + " " + datatype + " " + Arrays.toString(shape) + ", " + data.length + " bytes]";
    }
}
