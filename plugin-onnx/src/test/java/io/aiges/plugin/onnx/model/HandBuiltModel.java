package io.aiges.plugin.onnx.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ONNX models written byte by byte, for tests: nothing in Java exports ONNX, and the format is
 * plain protobuf ({@code onnx.proto}), so a graph of a few nodes is a few dozen bytes.
 *
 * <pre>{@code
 * byte[] model = new HandBuiltModel()
 *         .input("x", HandBuiltModel.FLOAT, "N").output("y", HandBuiltModel.FLOAT, "N")
 *         .node("Identity", List.of("x"), List.of("y"))
 *         .bytes();
 * }</pre>
 */
public final class HandBuiltModel {
    /** {@code TensorProto.DataType} numbers. */
    public static final int FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7, STRING = 8,
            BOOL = 9, FLOAT16 = 10, DOUBLE = 11;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();

    /** A graph input; each dimension is a size (Integer) or a symbolic name (String). */
    public HandBuiltModel input(String name, int elementType, Object... dims) {
        inputs.add(valueInfo(name, elementType, dims));
        return this;
    }

    public HandBuiltModel output(String name, int elementType, Object... dims) {
        outputs.add(valueInfo(name, elementType, dims));
        return this;
    }

    public HandBuiltModel node(String op, List<String> in, List<String> out) {
        return node(op, in, out, null, 0);
    }

    /** A node with one integer attribute, such as Cast's {@code to}. */
    public HandBuiltModel node(String op, List<String> in, List<String> out, String attribute, long value) {
        Message node = new Message();
        in.forEach(name -> node.string(1, name));
        out.forEach(name -> node.string(2, name));
        node.string(3, op + nodes.size());
        node.string(4, op);
        if (attribute != null) {
            node.message(5, new Message().string(1, attribute).varint(3, value).varint(20, 2));
        }
        nodes.add(node.bytes());
        return this;
    }

    public byte[] bytes() {
        Message graph = new Message();
        nodes.forEach(node -> graph.bytes(1, node));
        graph.string(2, "hand_built");
        inputs.forEach(input -> graph.bytes(11, input));
        outputs.forEach(output -> graph.bytes(12, output));
        return new Message()
                .varint(1, 8)
                .message(8, new Message().string(1, "").varint(2, 13))
                .bytes(7, graph.bytes())
                .bytes();
    }

    private static byte[] valueInfo(String name, int elementType, Object... dims) {
        Message shape = new Message();
        for (Object dim : dims) {
            shape.message(1, dim instanceof String symbol ? new Message().string(2, symbol)
                    : new Message().varint(1, ((Number) dim).longValue()));
        }
        Message tensor = new Message().varint(1, elementType).message(2, shape);
        return new Message().string(1, name).message(2, new Message().message(1, tensor)).bytes();
    }

    /** A protobuf message being written: fields in order, varints and length-delimited bytes. */
    private static final class Message {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Message varint(int field, long value) {
            raw(field << 3);
            raw(value);
            return this;
        }

        Message bytes(int field, byte[] value) {
            raw(field << 3 | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Message string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Message message(int field, Message value) {
            return bytes(field, value.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void raw(long value) {
            while ((value & ~0x7fL) != 0) {
                out.write((int) (value & 0x7f) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
