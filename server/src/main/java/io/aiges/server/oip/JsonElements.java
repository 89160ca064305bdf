package io.aiges.server.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.aiges.api.ClientText;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.ClientNumbers;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A tensor's {@code data} in JSON, nested ({@code [[1, 2], [3, 4]]}) or flat ({@code [1, 2, 3, 4]})
 * as the protocol allows, to and from raw little-endian elements. Integers must be whole and in
 * the datatype's range, booleans are {@code true}/{@code false}, {@code BYTES} elements are
 * strings (UTF-8); a value that does not fit is a clear 10009, never a silent truncation, and a
 * number whose plain decimal form is too long ({@link ClientNumbers}) a 10107.
 * Responses are written flat, in row-major order; a BYTES output that is not UTF-8 text is
 * written in base64 and says so with the output parameter {@code "content_type": "base64"}.
 */
final class JsonElements {
    private JsonElements() {
    }

    /** The elements of {@code data}, checked against the datatype, as raw bytes. */
    static byte[] read(String tensor, Datatype type, JsonNode data) {
        List<JsonNode> elements = new ArrayList<>();
        flatten(tensor, data, elements, 0);
        if (type == Datatype.BYTES) {
            List<byte[]> strings = new ArrayList<>(elements.size());
            for (JsonNode e : elements) {
                if (!e.isTextual()) {
                    throw wrong(tensor, type, e, "a string");
                }
                strings.add(e.textValue().getBytes(StandardCharsets.UTF_8));
            }
            return Tensor.joinStrings(strings);
        }
        ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(elements.size(), type.size())).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode e : elements) {
            put(tensor, type, e, out);
        }
        return out.array();
    }

    private static void flatten(String tensor, JsonNode node, List<JsonNode> into, int depth) {
        if (node.isArray()) {
            if (depth > 32) {
                throw AigesError.INVALID_DATA.exception("tensor '" + ClientText.cut(tensor) + "': data is nested too deeply");
            }
            node.forEach(child -> flatten(tensor, child, into, depth + 1));
        } else {
            into.add(node);
        }
    }

    private static void put(String tensor, Datatype type, JsonNode e, ByteBuffer out) {
        switch (type) {
            case BOOL -> {
                if (!e.isBoolean()) {
                    throw wrong(tensor, type, e, "true or false");
                }
                out.put((byte) (e.booleanValue() ? 1 : 0));
            }
            case FP16 -> out.putShort(Float.floatToFloat16((float) number(tensor, type, e)));
            case FP32 -> out.putFloat((float) number(tensor, type, e));
            case FP64 -> out.putDouble(number(tensor, type, e));
            default -> putInteger(type, integer(tensor, type, e), out);
        }
    }

    private static double number(String tensor, Datatype type, JsonNode e) {
        if (!e.isNumber()) {
            throw wrong(tensor, type, e, "a number");
        }
        return checked(tensor, e).doubleValue();
    }

    /** The element itself once its decimal {@link ClientNumbers#fits}: before any conversion of it. */
    private static JsonNode checked(String tensor, JsonNode e) {
        if (e.isBigDecimal()) {
            ClientNumbers.checked(e.decimalValue(), "an element of tensor '" + ClientText.cut(tensor) + "'");
        }
        return e;
    }

    private static BigInteger integer(String tensor, Datatype type, JsonNode e) {
        checked(tensor, e);
        BigInteger value;
        try {
            value = e.isIntegralNumber() ? e.bigIntegerValue()
                    : e.isNumber() ? e.decimalValue().toBigIntegerExact() : null;
        } catch (ArithmeticException | NumberFormatException notWhole) {
            // Not whole, or not finite: 1e999 reads as an infinite double, which has no decimal value.
            value = null;
        }
        int bits = type.size() * 8;
        BigInteger min = type.unsigned() ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = type.unsigned() ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw wrong(tensor, type, e, "a whole number from " + min + " to " + max);
        }
        return value;
    }

    private static void putInteger(Datatype type, BigInteger value, ByteBuffer out) {
        long bits = value.longValue();
        switch (type.size()) {
            case 1 -> out.put((byte) bits);
            case 2 -> out.putShort((short) bits);
            case 4 -> out.putInt((int) bits);
            default -> out.putLong(bits);
        }
    }

    private static AigesException wrong(String tensor, Datatype type, JsonNode e, String expected) {
        return AigesError.INVALID_DATA.exception("tensor '" + ClientText.cut(tensor) + "' is " + type
                + ": each element must be " + expected + ", got " + ClientText.cut(e.toString()));
    }

    /**
     * True when a BYTES tensor's elements are not all UTF-8 text (a picture, say): JSON strings
     * would garble them, so they are written in base64 instead (see {@link #write}).
     */
    static boolean needsBase64(Tensor tensor) {
        if (tensor.datatype() != Datatype.BYTES) {
            return false;
        }
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder();
        for (byte[] element : Tensor.strings(tensor.name(), tensor.data())) {
            try {
                strict.decode(ByteBuffer.wrap(element));
            } catch (CharacterCodingException e) {
                return true;
            }
        }
        return false;
    }

    /** Appends the tensor's elements to {@code array}, flat; BYTES elements as text, or base64 when asked. */
    static void write(Tensor tensor, ArrayNode array, boolean base64) {
        if (tensor.datatype() == Datatype.BYTES) {
            Tensor.strings(tensor.name(), tensor.data()).forEach(s -> array.add(base64
                    ? Base64.getEncoder().encodeToString(s) : new String(s, StandardCharsets.UTF_8)));
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(tensor.data()).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            switch (tensor.datatype()) {
                case BOOL -> array.add(in.get() != 0);
                case UINT8 -> array.add(Byte.toUnsignedInt(in.get()));
                case UINT16 -> array.add(Short.toUnsignedInt(in.getShort()));
                case UINT32 -> array.add(Integer.toUnsignedLong(in.getInt()));
                case UINT64 -> array.add(new BigInteger(Long.toUnsignedString(in.getLong())));
                case INT8 -> array.add(in.get());
                case INT16 -> array.add(in.getShort());
                case INT32 -> array.add(in.getInt());
                case INT64 -> array.add(in.getLong());
                case FP16 -> array.add(Float.float16ToFloat(in.getShort()));
                case FP32 -> array.add(in.getFloat());
                case FP64 -> array.add(in.getDouble());
                default -> throw new IllegalStateException(tensor.datatype().name());
            }
        }
    }
}
