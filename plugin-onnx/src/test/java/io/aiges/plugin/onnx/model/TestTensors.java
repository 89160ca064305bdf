package io.aiges.plugin.onnx.model;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/** Tensors as request items carry them (raw little-endian bytes and a shape); the demo module's model tests use them too. */
public final class TestTensors {
    private TestTensors() {
    }

    public static DataItem tensor(String name, byte[] data, String shape) {
        return DataItem.of(name, data, DataType.OTHER).withDescriptors(Map.of("shape", shape));
    }

    public static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    public static float[] toFloats(byte[] bytes) {
        float[] values = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
