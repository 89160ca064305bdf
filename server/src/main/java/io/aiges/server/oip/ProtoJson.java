package io.aiges.server.oip;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A protobuf message as Triton's HTTP front-end writes one (model configuration, statistics):
 * the proto's field names, every scalar and list even at its default, enums by name, 64-bit
 * integers as JSON numbers (not protobuf's strings), and a message or oneof member only when set.
 * So REST and gRPC answer from the same message, and a field added to it reaches both.
 */
final class ProtoJson {
    private ProtoJson() {
    }

    /** The message as maps, lists and scalars for the JSON writer. */
    static Map<String, Object> of(Message message) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.isMapField()) {
                Map<String, Object> entries = new LinkedHashMap<>();
                for (Object entry : (List<?>) message.getField(field)) {
                    MapEntry<?, ?> e = (MapEntry<?, ?>) entry;
                    entries.put(String.valueOf(e.getKey()), value(field.getMessageType().findFieldByNumber(2), e.getValue()));
                }
                out.put(field.getName(), entries);
            } else if (field.isRepeated()) {
                List<Object> items = new ArrayList<>();
                for (Object item : (List<?>) message.getField(field)) {
                    items.add(value(field, item));
                }
                out.put(field.getName(), items);
            } else if (!field.hasPresence() || message.hasField(field)) {
                out.put(field.getName(), value(field, message.getField(field)));
            }
        }
        return out;
    }

    private static Object value(FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case MESSAGE -> of((Message) value);
            case ENUM -> ((com.google.protobuf.Descriptors.EnumValueDescriptor) value).getName();
            case LONG -> isUnsigned(field) && (Long) value < 0
                    ? new BigInteger(Long.toUnsignedString((Long) value)) : value;
            case INT -> isUnsigned(field) ? Integer.toUnsignedLong((Integer) value) : value;
            default -> value;
        };
    }

    private static boolean isUnsigned(FieldDescriptor field) {
        return switch (field.getType()) {
            case UINT32, UINT64, FIXED32, FIXED64 -> true;
            default -> false;
        };
    }
}
