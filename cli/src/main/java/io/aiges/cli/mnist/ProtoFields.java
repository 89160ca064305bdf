package io.aiges.cli.mnist;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one protobuf message, read from the wire format alone: enough to take an ONNX
 * file apart without its generated classes. Each field is its number with either a number
 * (varint, fixed32, fixed64) or the bytes of a length-delimited value (a string, a nested message,
 * packed numbers).
 *
 * <pre>{@code
 * for (ProtoFields.Field field : ProtoFields.read(ByteBuffer.wrap(onnxBytes))) { ... }
 * }</pre>
 */
final class ProtoFields {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private ProtoFields() {
    }

    /** One field: {@code bytes} is set for length-delimited values, {@code number} for the others. */
    record Field(int number, long value, ByteBuffer bytes) {

        String text() {
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            return new String(copy, StandardCharsets.UTF_8);
        }

        List<Field> message() {
            return read(bytes);
        }
    }

    static List<Field> read(ByteBuffer message) {
        ByteBuffer in = message.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        List<Field> fields = new ArrayList<>();
        while (in.hasRemaining()) {
            long key = varint(in);
            int number = (int) (key >>> 3);
            switch ((int) (key & 7)) {
                case VARINT -> fields.add(new Field(number, varint(in), null));
                case FIXED64 -> fields.add(new Field(number, in.getLong(), null));
                case FIXED32 -> fields.add(new Field(number, in.getInt() & 0xFFFFFFFFL, null));
                case LENGTH_DELIMITED -> {
                    int length = Math.toIntExact(varint(in));
                    if (length < 0 || length > in.remaining()) {
                        throw new IllegalArgumentException("a field of " + length + " bytes where "
                                + in.remaining() + " are left");
                    }
                    ByteBuffer value = in.slice(in.position(), length).order(ByteOrder.LITTLE_ENDIAN);
                    in.position(in.position() + length);
                    fields.add(new Field(number, 0, value));
                }
                default -> throw new IllegalArgumentException("wire type " + (key & 7) + " is not protobuf's");
            }
        }
        return fields;
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a varint longer than 10 bytes");
    }
}
