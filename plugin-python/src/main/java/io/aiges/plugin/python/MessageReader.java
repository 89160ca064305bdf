package io.aiges.plugin.python;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the fields of one worker message, in the layout {@link MessageWriter} writes, as they
 * come out of the pipe: a byte string is read straight into its own array (one copy, from the
 * pipe's buffer or the pipe itself), not into a message buffer first and then copied out of it.
 * A field that claims more bytes than are left in its message is refused before anything is read.
 */
final class MessageReader {
    private final DataInputStream in;
    private long left;

    /** Reads the {@code length} bytes of one message from {@code in}. */
    MessageReader(DataInputStream in, long length) {
        this.in = in;
        this.left = length;
    }

    /** Reads {@code body} from {@code offset}. */
    MessageReader(byte[] body, int offset) {
        this(new DataInputStream(new ByteArrayInputStream(body, offset, body.length - offset)), body.length - offset);
    }

    int u8() {
        take(1);
        try {
            return in.readUnsignedByte();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int i32() {
        take(4);
        try {
            return in.readInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int u32() {
        int value = i32();
        if (value < 0) {
            throw new IllegalStateException("field of " + Integer.toUnsignedString(value) + " bytes is too large");
        }
        return value;
    }

    byte[] bytes() {
        int n = u32();
        take(n);
        byte[] value = new byte[n];
        try {
            in.readFully(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Reads past what is left of the message, so that the next one starts where it should. */
    void skipRest() throws IOException {
        in.skipNBytes(left);
        left = 0;
    }

    private void take(long n) {
        if (n > left) {
            throw new IllegalStateException("a field of " + n + " bytes runs past the " + left
                    + " bytes left in its message");
        }
        left -= n;
    }
}
