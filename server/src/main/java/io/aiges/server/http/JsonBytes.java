package io.aiges.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A minimal JSON writer into a byte array, for the few fixed shapes aiges answers with on every
 * request. Jackson's generator cost about a tenth of a small request's CPU (a generator, its
 * contexts and buffers per answer); this writes the same bytes Jackson writes for the same
 * values (strings as UTF-8 with {@code "}, {@code \} and control characters escaped, the short
 * escapes where JSON has them, upper-case hex otherwise; characters beyond the BMP as their two
 * escaped surrogates), which {@code OnceResponseEncoderTest} checks. A lone surrogate, which
 * Jackson refuses, is escaped the same way and reads back as itself.
 * The caller places the commas and colons.
 */
final class JsonBytes {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;

    JsonBytes(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** Text that needs no escaping (punctuation and ASCII names), as is. */
    JsonBytes raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    JsonBytes number(long value) {
        return raw(Long.toString(value));
    }

    /** A JSON string: quoted, escaped, UTF-8; {@code null} for null, as Jackson writes it. */
    JsonBytes string(String text) {
        if (text == null) {
            return raw("null");
        }
        int n = text.length();
        ensure(n + 2);
        bytes[length++] = '"';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                ensure(1);
                bytes[length++] = (byte) c;
            } else if (c < 0x80) {
                escape(c);
            } else if (c < 0x800) {
                ensure(2);
                bytes[length++] = (byte) (0xC0 | (c >> 6));
                bytes[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // As Jackson writes characters beyond the BMP: each half of the pair escaped.
                unicodeEscape(c);
            } else {
                ensure(3);
                bytes[length++] = (byte) (0xE0 | (c >> 12));
                bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        ensure(1);
        bytes[length++] = '"';
        return this;
    }

    /** Bytes as a quoted base64 string (standard alphabet, padded, no line breaks), as Jackson writes binary. */
    JsonBytes base64(byte[] data) {
        byte[] encoded = Base64.getEncoder().encode(data);
        ensure(encoded.length + 2);
        bytes[length++] = '"';
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
        bytes[length++] = '"';
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void escape(char c) {
        char shortForm = switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
        if (shortForm != 0) {
            ensure(2);
            bytes[length++] = '\\';
            bytes[length++] = (byte) shortForm;
        } else {
            unicodeEscape(c);
        }
    }

    private void unicodeEscape(char c) {
        ensure(6);
        bytes[length++] = '\\';
        bytes[length++] = 'u';
        bytes[length++] = HEX[(c >> 12) & 0xF];
        bytes[length++] = HEX[(c >> 8) & 0xF];
        bytes[length++] = HEX[(c >> 4) & 0xF];
        bytes[length++] = HEX[c & 0xF];
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
