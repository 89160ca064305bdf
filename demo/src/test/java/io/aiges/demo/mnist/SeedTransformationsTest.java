package io.aiges.demo.mnist;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed 7 stays a 7 however a client might have produced it: rescaled, on a larger canvas
 * with the digit off-centre, slightly rotated, then sent in any of the encodings below. Each
 * case is a seeded random draw, so a failure names a reproducible picture.
 */
class SeedTransformationsTest {
    private static final int CASES_PER_ENCODING = 8;
    private static Engine engine;

    @BeforeAll
    static void load() throws WrapperException {
        engine = MnistEngine.load();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** How the transformed picture is finally encoded: every colour model a client might use. */
    enum Encoding {
        RGBA_PNG((image, random) -> Pictures.png(image)),
        RGB_PNG((image, random) -> Pictures.png(Pictures.converted(image, BufferedImage.TYPE_3BYTE_BGR))),
        GREY_PNG((image, random) -> Pictures.png(Pictures.grey(image, 8))),
        GREY16_PNG((image, random) -> Pictures.png(Pictures.grey(image, 16))),
        INDEXED_PNG((image, random) -> Pictures.png(Pictures.converted(image, BufferedImage.TYPE_BYTE_INDEXED))),
        JPEG((image, random) -> Pictures.jpeg(image, quality(random))),
        GREY_JPEG((image, random) -> Pictures.jpeg(Pictures.grey(image, 8), quality(random))),
        BLACK_ON_WHITE_PNG((image, random) -> Pictures.png(Pictures.inverted(image))),
        BLACK_ON_WHITE_JPEG((image, random) -> Pictures.jpeg(Pictures.inverted(image), quality(random))),
        DARK_STROKES_ON_TRANSPARENT((image, random) -> Pictures.png(Pictures.strokesOnTransparent(image,
                new Color(random.nextInt(80), random.nextInt(80), random.nextInt(80))))),
        DARK_GREY_STROKES_ON_TRANSPARENT((image, random) -> Pictures.png(Pictures.greyStrokesOnTransparent(image,
                random.nextInt(80))));

        private final BiFunction<BufferedImage, RandomGenerator, byte[]> encoder;

        Encoding(BiFunction<BufferedImage, RandomGenerator, byte[]> encoder) {
            this.encoder = encoder;
        }
    }

    /** A JPEG quality between 0.7 and 0.95, as cameras and browsers use. */
    private static float quality(RandomGenerator random) {
        return 0.7f + 0.25f * random.nextFloat();
    }

    static Stream<Arguments> variants() {
        BufferedImage seed = SeedImage.image();
        return IntStream.range(0, CASES_PER_ENCODING * Encoding.values().length).mapToObj(n -> variant(seed, n));
    }

    private static Arguments variant(BufferedImage seed, int n) {
        RandomGenerator random = new SplittableRandom(n);
        List<String> steps = new ArrayList<>();
        // Log-uniform in [0.3, 3]: as many shrunk as enlarged pictures.
        double scale = 0.3 * Math.pow(10, random.nextDouble());
        BufferedImage image = Pictures.scaled(seed, scale);
        steps.add(String.format(Locale.ROOT, "scaled %.2fx", scale));
        if (random.nextBoolean()) {
            int width = image.getWidth() + random.nextInt(2 * image.getWidth());
            int height = image.getHeight() + random.nextInt(2 * image.getHeight());
            int x = random.nextInt(width - image.getWidth() + 1);
            int y = random.nextInt(height - image.getHeight() + 1);
            image = Pictures.padded(image, width, height, x, y, Color.BLACK);
            steps.add("on a " + width + "x" + height + " canvas at " + x + "," + y);
        }
        if (random.nextBoolean()) {
            double degrees = -8 + 16 * random.nextDouble();
            image = Pictures.rotated(image, degrees, Color.BLACK);
            steps.add(String.format(Locale.ROOT, "rotated %.1f°", degrees));
        }
        Encoding encoding = Encoding.values()[n % Encoding.values().length];
        steps.add(encoding.name());
        return Arguments.of("#" + n + " " + String.join(", ", steps), encoding.encoder.apply(image, random));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void stillASeven(String picture, byte[] bytes) throws WrapperException {
        String answer = engine.newInstance().once(Params.EMPTY, List.of(DataItem.of("img", bytes, DataType.IMAGE)))
                .getFirst().asText();

        assertThat(answer).as(() -> picture + " was preprocessed to\n" + ascii(bytes))
                .startsWith("{\"result\": 7,");
    }

    private static String ascii(byte[] bytes) {
        try {
            return Pictures.ascii(DigitImagePreprocessor.preprocess(bytes));
        } catch (WrapperException e) {
            return e.toString();
        }
    }
}
