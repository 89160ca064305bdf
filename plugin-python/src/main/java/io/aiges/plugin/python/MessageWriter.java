package io.aiges.plugin.python;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds one message of the worker protocol (see {@code aiges/_worker.py}): a kind byte, then
 * big-endian u8/u32 fields, length-prefixed strings and byte strings, counted maps. Large byte
 * strings are kept by reference and written straight to the pipe, never copied into a buffer.
 */
final class MessageWriter {
    /** Byte strings at least this long are written from the caller's array. */
    private static final int BY_REFERENCE = 8192;
    /** The length prefix is an unsigned 32-bit number. */
    static final long MAX_MESSAGE = 0xFFFF_FFFFL;

    private final List<byte[]> segments = new ArrayList<>();
    private ByteArrayOutputStream small = new ByteArrayOutputStream();

    MessageWriter(char kind) {
        small.write(kind);
    }

    MessageWriter u8(int value) {
        small.write(value);
        return this;
    }

    MessageWriter u32(int value) {
        small.write(value >>> 24);
        small.write(value >>> 16);
        small.write(value >>> 8);
        small.write(value);
        return this;
    }

    MessageWriter bytes(byte[] value) {
        u32(value.length);
        if (value.length < BY_REFERENCE) {
            small.writeBytes(value);
        } else {
            cut();
            segments.add(value);
        }
        return this;
    }

    MessageWriter string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    MessageWriter map(Map<String, String> values) {
        u32(values.size());
        values.forEach((key, value) -> string(key).string(value));
        return this;
    }

    /** The message's size in bytes, without the length prefix. */
    long length() {
        long length = small.size();
        for (byte[] segment : segments) {
            length += segment.length;
        }
        return length;
    }

    /** Writes the length prefix and the message, and flushes. */
    void writeTo(OutputStream out) throws IOException {
        cut();
        int n = (int) length();
        out.write(new byte[]{(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        for (byte[] segment : segments) {
            out.write(segment);
        }
        out.flush();
    }

    private void cut() {
        if (small.size() > 0) {
            segments.add(small.toByteArray());
            small = new ByteArrayOutputStream();
        }
    }
}
