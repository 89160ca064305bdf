package io.aiges.server.oip;

import io.aiges.api.ClientText;
import io.aiges.engine.AigesError;

import java.util.List;
import java.util.Locale;

/**
 * The tensor element types of the Open Inference Protocol, with their size on the wire: raw
 * little-endian elements in row-major order ({@code BOOL} one byte, 0 or 1). {@code BYTES} has no
 * fixed size: each element travels as a 4-byte little-endian length and then its bytes, as the
 * binary data extension and gRPC's {@code raw_input_contents} carry it.
 */
public enum Datatype {
    BOOL(1), UINT8(1), UINT16(2), UINT32(4), UINT64(8), INT8(1), INT16(2), INT32(4), INT64(8),
    FP16(2), FP32(4), FP64(8), BYTES(0);

    private final int size;

    Datatype(int size) {
        this.size = size;
    }

    /** Bytes per element; 0 for {@code BYTES}, whose elements have their own lengths. */
    public int size() {
        return size;
    }

    /**
     * A protocol datatype name, in any case; numpy's names ({@code float32}, {@code int64},
     * {@code object}) are accepted too, as engines write them in {@code dtype} descriptors.
     */
    public static Datatype parse(String name) {
        if (name != null) {
            String wanted = name.strip().toUpperCase(Locale.ROOT);
            for (Datatype type : values()) {
                if (type.name().equals(wanted)) {
                    return type;
                }
            }
            Datatype alias = switch (wanted) {
                case "FLOAT16" -> FP16;
                case "FLOAT32", "FLOAT" -> FP32;
                case "FLOAT64", "DOUBLE" -> FP64;
                case "STRING", "OBJECT" -> BYTES;
                default -> null;
            };
            if (alias != null) {
                return alias;
            }
        }
        throw AigesError.INVALID_DATA.exception("unknown datatype '" + ClientText.cut(name) + "' (the protocol's datatypes: "
                + List.of(values()) + ")");
    }

    /** True for UINT8..UINT64. */
    boolean unsigned() {
        return name().startsWith("UINT");
    }

}
