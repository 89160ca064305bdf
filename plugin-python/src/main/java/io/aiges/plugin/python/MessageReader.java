package io.aiges.plugin.python;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the fields of one worker message, in the layout {@link MessageWriter} writes. */
final class MessageReader {
    private final ByteBuffer body;

    /** Reads {@code body} from {@code offset} (past the kind byte). */
    MessageReader(byte[] body, int offset) {
        this.body = ByteBuffer.wrap(body, offset, body.length - offset);
    }

    int u8() {
        return Byte.toUnsignedInt(body.get());
    }

    int i32() {
        return body.getInt();
    }

    int u32() {
        int value = body.getInt();
        if (value < 0) {
            throw new IllegalStateException("field of " + Integer.toUnsignedString(value) + " bytes is too large");
        }
        return value;
    }

    byte[] bytes() {
        byte[] value = new byte[u32()];
        body.get(value);
        return value;
    }

    String string() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    boolean flag() {
        return u8() != 0;
    }

    Map<String, String> map() {
        int n = u32();
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            values.put(string(), string());
        }
        return values;
    }
}
