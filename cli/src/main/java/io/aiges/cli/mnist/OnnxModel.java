package io.aiges.cli.mnist;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an ONNX file's graph holds, read with {@link ProtoFields}: its nodes in order and its float
 * initializers. Only what a plain feed-forward float model uses is read (onnx.proto: ModelProto
 * field 7 graph; GraphProto 1 node, 5 initializer; NodeProto 1 input, 4 op_type, 5 attribute;
 * AttributeProto 5 tensor; TensorProto 1 dims, 2 data_type, 4 float_data, 8 name, 9 raw_data).
 */
record OnnxModel(List<Node> nodes, Map<String, Tensor> initializers) {
    private static final int FLOAT = 1;

    /** A node: its operator, its input names and, for a {@code Constant}, its value. */
    record Node(String op, List<String> inputs, Tensor value) {
    }

    /** A float tensor: its shape and its values as little-endian float32 bytes, as ONNX and numpy store them. */
    record Tensor(long[] shape, ByteBuffer littleEndian) {

        Tensor {
            long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            if (littleEndian.remaining() != count * Float.BYTES) {
                throw new IllegalArgumentException("a tensor of shape " + Arrays.toString(shape) + " with "
                        + littleEndian.remaining() + " bytes of data");
            }
        }
    }

    static OnnxModel read(byte[] onnx) {
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        for (ProtoFields.Field model : ProtoFields.read(ByteBuffer.wrap(onnx))) {
            if (model.number() != 7 || model.bytes() == null) {
                continue;
            }
            for (ProtoFields.Field graph : model.message()) {
                if (graph.number() == 1) {
                    nodes.add(node(graph.message()));
                } else if (graph.number() == 5) {
                    List<ProtoFields.Field> tensor = graph.message();
                    String name = tensor.stream().filter(f -> f.number() == 8).findFirst()
                            .map(ProtoFields.Field::text).orElse("");
                    initializers.put(name, tensor(tensor));
                }
            }
        }
        return new OnnxModel(List.copyOf(nodes), Map.copyOf(initializers));
    }

    private static Node node(List<ProtoFields.Field> fields) {
        String op = "";
        List<String> inputs = new ArrayList<>();
        Tensor value = null;
        for (ProtoFields.Field field : fields) {
            switch (field.number()) {
                case 1 -> inputs.add(field.text());
                case 4 -> op = field.text();
                case 5 -> {
                    for (ProtoFields.Field attribute : field.message()) {
                        if (attribute.number() == 5) {
                            value = tensor(attribute.message());
                        }
                    }
                }
                default -> { }
            }
        }
        return new Node(op, List.copyOf(inputs), value);
    }

    private static Tensor tensor(List<ProtoFields.Field> fields) {
        List<Long> shape = new ArrayList<>();
        ByteBuffer data = ByteBuffer.allocate(0);
        for (ProtoFields.Field field : fields) {
            switch (field.number()) {
                case 1 -> {
                    if (field.bytes() == null) {
                        shape.add(field.value());
                    } else {
                        // Packed dims: the varints of a repeated field written back to back.
                        ProtoFields.read(packedAsFields(field.bytes())).forEach(f -> shape.add(f.value()));
                    }
                }
                case 2 -> {
                    if (field.value() != FLOAT) {
                        throw new IllegalArgumentException("tensor data type " + field.value() + " is not float");
                    }
                }
                case 4, 9 -> {
                    if (field.bytes() == null) {
                        throw new IllegalArgumentException("unpacked float_data is not read; raw_data is");
                    }
                    data = field.bytes();
                }
                default -> { }
            }
        }
        return new Tensor(shape.stream().mapToLong(Long::longValue).toArray(), data.order(ByteOrder.LITTLE_ENDIAN));
    }

    /** Prefixes each varint of a packed field with the key of field 1, so {@link ProtoFields} reads them. */
    private static ByteBuffer packedAsFields(ByteBuffer packed) {
        ByteBuffer in = packed.duplicate();
        ByteBuffer out = ByteBuffer.allocate(in.remaining() * 2);
        boolean start = true;
        while (in.hasRemaining()) {
            byte b = in.get();
            if (start) {
                out.put((byte) 0x08);
            }
            out.put(b);
            start = b >= 0;
        }
        return out.flip();
    }
}
