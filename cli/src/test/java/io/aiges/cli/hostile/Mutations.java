package io.aiges.cli.hostile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded damage to a valid message: bytes flipped, cut, repeated, dropped, and tokens a parser
 * must survive spliced in (huge exponents, deep nesting, NUL, stray quotes). The same seed
 * gives the same damage, so a failure names the case that made it.
 */
final class Mutations {
    private static final String[] TOKENS = {
        "{", "}", "[", "]", "\"", ",", ":", "null", "true", "-", "0", "1e999999999", "-1e-999999999",
        "1e5000000", "123456789012345678901234567890", "\u0000", "\\u0000", "\\ud800", "NaN", "[[[[[[[[[[[[[[[[",
        "\"shape\":[2147483647,2147483647]", "\"datatype\":\"BYTES\"", "\"status\":9", "\"encoding\":\"zz\"",
    };

    private final Random random;

    Mutations(long seed) {
        this.random = new Random(seed);
    }

    byte[] mutate(byte[] valid) {
        byte[] bytes = valid;
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            bytes = switch (random.nextInt(6)) {
                case 0 -> flip(bytes, at);
                case 1 -> Arrays.copyOf(bytes, at);
                case 2 -> splice(bytes, at, TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
                case 3 -> drop(bytes, at, 1 + random.nextInt(Math.min(64, bytes.length - at)));
                case 4 -> splice(bytes, at, Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 1 + random.nextInt(256))));
                default -> randomBytes(bytes, at);
            };
        }
        return bytes;
    }

    private byte[] flip(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= (byte) (1 << random.nextInt(8));
        return copy;
    }

    private byte[] randomBytes(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        for (int i = at; i < Math.min(copy.length, at + 8); i++) {
            copy[i] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private static byte[] splice(byte[] bytes, int at, byte[] insert) {
        byte[] copy = new byte[bytes.length + insert.length];
        System.arraycopy(bytes, 0, copy, 0, at);
        System.arraycopy(insert, 0, copy, at, insert.length);
        System.arraycopy(bytes, at, copy, at + insert.length, bytes.length - at);
        return copy;
    }

    private static byte[] drop(byte[] bytes, int at, int length) {
        byte[] copy = new byte[bytes.length - length];
        System.arraycopy(bytes, 0, copy, 0, at);
        System.arraycopy(bytes, at + length, copy, at, bytes.length - at - length);
        return copy;
    }
}
