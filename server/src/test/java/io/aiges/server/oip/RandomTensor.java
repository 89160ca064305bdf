package io.aiges.server.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random tensor of one datatype, written by the tests themselves from the protocol's
 * rules (not by the server's code): its values as Java objects, as JSON (nested by shape or
 * flat) and as raw little-endian bytes (BYTES elements length-prefixed).
 */
record RandomTensor(String datatype, long[] shape, List<Object> values) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static RandomTensor of(String datatype, long seed) {
        Random random = new Random(seed);
        int rank = 1 + random.nextInt(3);
        long[] shape = new long[rank];
        int count = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = 1 + random.nextInt(4);
            count *= (int) shape[i];
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(value(datatype, random));
        }
        return new RandomTensor(datatype, shape, values);
    }

    private static Object value(String datatype, Random random) {
        return switch (datatype) {
            case "BOOL" -> random.nextBoolean();
            case "UINT8" -> BigInteger.valueOf(random.nextInt(256));
            case "UINT16" -> BigInteger.valueOf(random.nextInt(65536));
            case "UINT32" -> BigInteger.valueOf(random.nextLong() >>> 32);
            case "UINT64" -> new BigInteger(64, random);
            case "INT8" -> BigInteger.valueOf((byte) random.nextInt());
            case "INT16" -> BigInteger.valueOf((short) random.nextInt());
            case "INT32" -> BigInteger.valueOf(random.nextInt());
            case "INT64" -> BigInteger.valueOf(random.nextLong());
            // Any finite half: exactly a float, so JSON round trips are exact.
            case "FP16" -> Float.float16ToFloat((short) (random.nextInt(0x7c00) | (random.nextBoolean() ? 0x8000 : 0)));
            case "FP32" -> (float) (random.nextGaussian() * 1000);
            case "FP64" -> random.nextGaussian() * 1e6;
            case "BYTES" -> randomText(random);
            default -> throw new IllegalArgumentException(datatype);
        };
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(5) == 0 ? (char) ('一' + random.nextInt(500)) : (char) (' ' + random.nextInt(95)));
        }
        return text.toString();
    }

    /** The data as JSON: nested by shape, or flat. */
    JsonNode json(boolean nested) {
        ArrayNode root = JSON.createArrayNode();
        if (!nested) {
            values.forEach(v -> add(root, v));
            return root;
        }
        int[] next = {0};
        fill(root, 0, next);
        return root;
    }

    private void fill(ArrayNode array, int dim, int[] next) {
        for (long i = 0; i < shape[dim]; i++) {
            if (dim == shape.length - 1) {
                add(array, values.get(next[0]++));
            } else {
                fill(array.addArray(), dim + 1, next);
            }
        }
    }

    private static void add(ArrayNode array, Object v) {
        switch (v) {
            case Boolean b -> array.add(b);
            case BigInteger i -> array.add(i);
            case Float f -> array.add(f);
            case Double d -> array.add(d);
            case String s -> array.add(s);
            default -> throw new IllegalArgumentException(v.toString());
        }
    }

    /** The elements as the binary data extension and gRPC raw contents carry them. */
    byte[] raw() {
        ByteBuffer out = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Object v : values) {
            switch (datatype) {
                case "BOOL" -> out.put((byte) ((Boolean) v ? 1 : 0));
                case "UINT8", "INT8" -> out.put(((BigInteger) v).byteValue());
                case "UINT16", "INT16" -> out.putShort(((BigInteger) v).shortValue());
                case "UINT32", "INT32" -> out.putInt(((BigInteger) v).intValue());
                case "UINT64", "INT64" -> out.putLong(((BigInteger) v).longValue());
                case "FP16" -> out.putShort(Float.floatToFloat16((Float) v));
                case "FP32" -> out.putFloat((Float) v);
                case "FP64" -> out.putDouble((Double) v);
                case "BYTES" -> {
                    byte[] bytes = ((String) v).getBytes(StandardCharsets.UTF_8);
                    out.putInt(bytes.length).put(bytes);
                }
                default -> throw new IllegalArgumentException(datatype);
            }
        }
        byte[] raw = new byte[out.position()];
        out.flip().get(raw);
        return raw;
    }

    /** A response element read back as the type the values have. */
    Object read(JsonNode element) {
        return switch (datatype) {
            case "BOOL" -> element.booleanValue();
            case "FP16", "FP32" -> element.floatValue();
            case "FP64" -> element.doubleValue();
            case "BYTES" -> element.textValue();
            default -> element.bigIntegerValue();
        };
    }
}
