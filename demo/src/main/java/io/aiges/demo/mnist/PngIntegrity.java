package io.aiges.demo.mnist;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Checks a PNG's chunk structure and checksums before it is decoded. Java's PNG reader ignores
 * the CRCs and stops reading once it has its pixels, so a damaged or truncated file would
 * otherwise decode to a plausible but wrong picture and a confident wrong digit.
 */
final class PngIntegrity {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngIntegrity() {
    }

    static boolean isPng(byte[] bytes) {
        return bytes.length >= SIGNATURE.length && Arrays.equals(bytes, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    /** What is wrong with the PNG's chunks, if anything: a truncation, a bad length or a CRC mismatch. */
    static Optional<String> damage(byte[] png) {
        int at = SIGNATURE.length;
        CRC32 crc = new CRC32();
        while (true) {
            if (png.length - at < 12) {
                return Optional.of("the PNG is truncated (no IEND chunk)");
            }
            long length = Integer.toUnsignedLong(ByteBuffer.wrap(png, at, 4).getInt());
            String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (length > png.length - at - 12) {
                return Optional.of("the PNG is truncated or damaged (chunk " + printable(type) + " claims "
                        + length + " bytes)");
            }
            crc.reset();
            crc.update(png, at + 4, 4 + (int) length);
            int stored = ByteBuffer.wrap(png, at + 8 + (int) length, 4).getInt();
            if ((int) crc.getValue() != stored) {
                return Optional.of("the PNG is damaged (CRC mismatch in chunk " + printable(type) + ")");
            }
            if (type.equals("IEND")) {
                return Optional.empty();
            }
            at += 12 + (int) length;
        }
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') ? type : "(garbled type)";
    }
}
