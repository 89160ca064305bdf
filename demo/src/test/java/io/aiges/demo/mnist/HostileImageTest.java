package io.aiges.demo.mnist;

import io.aiges.api.ErrorCodes;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Whatever bytes arrive, the answer is a quick 10009 (invalid data), never another exception,
 * never a hang: random noise, truncated and damaged pictures, and headers claiming a picture
 * far too large to decode.
 */
class HostileImageTest {
    private static final byte[] SEED_PNG = SeedImage.bytes();
    private static final byte[] SEED_JPEG = Pictures.jpeg(SeedImage.image(), 0.9f);

    static Stream<Arguments> hostileBytes() {
        Stream<Arguments> noise = IntStream.range(0, 60).mapToObj(n -> {
            SplittableRandom random = new SplittableRandom(n);
            byte[] bytes = new byte[random.nextInt(4096)];
            random.nextBytes(bytes);
            return Arguments.of("random bytes #" + n, bytes);
        });
        Stream<Arguments> truncated = IntStream.range(0, 40).mapToObj(n -> {
            byte[] whole = n % 2 == 0 ? SEED_PNG : SEED_JPEG;
            int length = new SplittableRandom(n).nextInt(whole.length);
            return Arguments.of((n % 2 == 0 ? "PNG" : "JPEG") + " cut at " + length + " of " + whole.length,
                    Arrays.copyOf(whole, length));
        });
        Stream<Arguments> damaged = IntStream.range(0, 30).mapToObj(n -> {
            SplittableRandom random = new SplittableRandom(n);
            byte[] bytes = SEED_PNG.clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                // Past the signature: somewhere in the chunks, their lengths, types, data or CRCs.
                bytes[8 + random.nextInt(bytes.length - 8)] ^= (byte) (1 + random.nextInt(255));
            }
            return Arguments.of("PNG with " + flips + " damaged bytes #" + n, bytes);
        });
        Stream<Arguments> special = Stream.of(
                Arguments.of("nothing", new byte[0]),
                Arguments.of("a PNG signature alone", Arrays.copyOf(SEED_PNG, 8)),
                Arguments.of("a PNG header claiming 100000x100000 pixels", pngClaiming(100_000, 100_000)),
                Arguments.of("a PNG header claiming 8193x16 pixels", pngClaiming(8193, 16)),
                Arguments.of("a BMP header claiming 60000x60000 pixels", bmpClaiming(60_000, 60_000)),
                Arguments.of("two zero bytes (what WBMP readers take for a picture)", new byte[] {0, 0, 4, 4, 0, 0}),
                Arguments.of("text", "iVBORw0KGgoAAAANSUhEUgAAAOEAAADg".getBytes(StandardCharsets.US_ASCII)));
        return Stream.of(noise, truncated, damaged, special).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBytes")
    void isRejectedQuicklyAsInvalidData(String what, byte[] bytes) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> DigitImagePreprocessor.preprocess(bytes))
                        .isInstanceOfSatisfying(WrapperException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_DATA)));
    }

    /**
     * Damage the checks above cannot see (PNG data with its CRC recomputed, bytes changed inside
     * a JPEG, GIF or BMP) reaches the decoders themselves: they may make a picture of it or not,
     * but must not fail any other way.
     */
    static Stream<Arguments> damageTheDecodersSee() {
        String[] formats = {"GIF", "BMP", "JPEG", "PNG"};
        byte[][] pictures = {Pictures.encode(SeedImage.image(), "gif"),
                Pictures.encode(Pictures.converted(SeedImage.image(), BufferedImage.TYPE_3BYTE_BGR), "bmp"),
                SEED_JPEG, SEED_PNG};
        return IntStream.range(0, 80).mapToObj(n -> {
            SplittableRandom random = new SplittableRandom(1000 + n);
            byte[] picture = pictures[n % pictures.length];
            byte[] bytes = picture.clone();
            int flips = 1 + random.nextInt(8);
            // Keep the first 32 bytes (signature and header) so the same decoder gets the damage.
            for (int i = 0; i < flips; i++) {
                bytes[32 + random.nextInt(bytes.length - 32)] ^= (byte) (1 + random.nextInt(255));
            }
            if (picture == SEED_PNG) {
                fixCrcs(bytes);
            }
            return Arguments.of(formats[n % pictures.length] + " with " + flips + " damaged bytes #" + n, bytes);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damageTheDecodersSee")
    void givesATensorOrInvalidDataNeverAnotherFailure(String what, byte[] bytes) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                assertThat(DigitImagePreprocessor.preprocess(bytes)).hasSize(28 * 28);
            } catch (WrapperException e) {
                assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_DATA);
            }
        });
    }

    /** Recomputes every chunk's CRC of a PNG whose chunk lengths are intact. */
    private static void fixCrcs(byte[] png) {
        ByteBuffer buffer = ByteBuffer.wrap(png);
        int at = 8;
        while (at + 12 <= png.length) {
            int length = buffer.getInt(at);
            if (length < 0 || at + 12 + length > png.length) {
                return;
            }
            CRC32 crc = new CRC32();
            crc.update(png, at + 4, 4 + length);
            buffer.putInt(at + 8 + length, (int) crc.getValue());
            at += 12 + length;
        }
    }

    @Test
    void aHugePictureIsRefusedBeforeItIsDecoded() {
        assertThatThrownBy(() -> DigitImagePreprocessor.preprocess(pngClaiming(100_000, 100_000)))
                .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_DATA))
                .hasMessage("the image is 100000x100000 pixels; at most 8192x8192 is accepted");
    }

    /** A well-formed PNG whose header announces {@code width x height} and whose data is a few bytes. */
    private static byte[] pngClaiming(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 6)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12 + 4 + 12);
        png.put(Arrays.copyOf(SEED_PNG, 8));
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IDAT", new byte[] {0x78, 0x01, 0, 0});
        chunk(png, "IEND", new byte[0]);
        return png.array();
    }

    private static void chunk(ByteBuffer png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
    }

    /** A BMP file and info header announcing {@code width x height} 24-bit pixels, and no pixels. */
    private static byte[] bmpClaiming(int width, int height) {
        ByteBuffer bmp = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(54 + width * 3 * height).putInt(0).putInt(54);
        bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).putInt(0)
                .putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0);
        return bmp.array();
    }
}
