package io.aiges.api;

import java.util.Locale;

/**
 * What a {@link DataItem} carries. The wire numbers are those of the AIGES C ABI ({@code type.h})
 * and of the original protocol's {@code MetaDesc.DataType}; the JSON names are the payload field
 * names of the HTTP API ({@code "image": "<base64>"}).
 */
public enum DataType {
    TEXT(0), AUDIO(1), IMAGE(2), VIDEO(3),
    /** Anything else; also the C ABI's {@code DataPer} (personalisation resource) slot. */
    OTHER(4);

    private final int wire;
    /** Made once: front-ends ask for it for every field of every request. */
    private final String jsonName;

    DataType(int wire) {
        this.wire = wire;
        this.jsonName = name().toLowerCase(Locale.ROOT);
    }

    /** The number used by the C ABI and the original protocol. */
    public int wire() {
        return wire;
    }

    /** The JSON field name: {@code text}, {@code audio}, {@code image}, {@code video}, {@code other}. */
    public String jsonName() {
        return jsonName;
    }

    public static DataType fromWire(int wire) {
        for (DataType t : values()) {
            if (t.wire == wire) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown data type " + wire + " (expected 0..4)");
    }

    /** Parses a JSON name; unknown names are {@link #OTHER}, as the original does for {@code data_type}. */
    public static DataType fromJsonName(String name) {
        DataType type = ofField(name);
        return type == null ? OTHER : type;
    }

    /** The JSON name if {@code name} is one, else null: tells a data field from an attribute. */
    public static DataType ofField(String name) {
        return switch (name) {
            case "text" -> TEXT;
            case "audio" -> AUDIO;
            case "image" -> IMAGE;
            case "video" -> VIDEO;
            case "other" -> OTHER;
            case null, default -> null;
        };
    }
}
