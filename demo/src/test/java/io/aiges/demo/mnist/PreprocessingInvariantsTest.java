package io.aiges.demo.mnist;

import io.aiges.api.WrapperException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the preprocessing promises for any drawing, checked on random pen scribbles: an MNIST
 * tensor of values in [0, 1] whose ink fills a 20x20 box around a centre of mass at (14, 14),
 * and which preprocessing leaves as it is.
 */
class PreprocessingInvariantsTest {
    private static final int SIDE = DigitImagePreprocessor.SIDE;

    static IntStream seeds() {
        return IntStream.range(0, 150);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aScribbleBecomesAnMnistTensor(int seed) throws WrapperException {
        float[] tensor = DigitImagePreprocessor.preprocess(Pictures.png(Scribbles.draw(new SplittableRandom(seed))));

        assertThat(tensor).hasSize(SIDE * SIDE);
        for (float v : tensor) {
            assertThat(v).isBetween(0f, 1f);
        }
        Ink ink = Ink.of(tensor);
        // The longer side is 20 px, give or take rounding; the other at most that.
        assertThat(Math.max(ink.width(), ink.height())).isBetween(19, 21);
        assertThat(Math.min(ink.width(), ink.height())).isLessThanOrEqualTo(21);
        // Centred by centre of mass to the nearest pixel; a digit whose centre of mass is far
        // off its box's middle stops at the frame's edge rather than losing ink over it.
        if (ink.centreX() < SIDE / 2.0 - 1) {
            assertThat(ink.maxX()).isEqualTo(SIDE - 1);
        } else if (ink.centreX() > SIDE / 2.0 + 1) {
            assertThat(ink.minX()).isZero();
        }
        if (ink.centreY() < SIDE / 2.0 - 1) {
            assertThat(ink.maxY()).isEqualTo(SIDE - 1);
        } else if (ink.centreY() > SIDE / 2.0 + 1) {
            assertThat(ink.minY()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void preprocessingItsOwnOutputChangesNearlyNothing(int seed) throws WrapperException {
        float[] once = DigitImagePreprocessor.preprocess(Pictures.png(Scribbles.draw(new SplittableRandom(seed))));
        float[] twice = DigitImagePreprocessor.preprocess(Pictures.png(rendering(once)));

        // Centring moves whole pixels, so a centre of mass half a pixel off may round either way
        // the second time: compare at the best of the nine one-pixel shifts. What differs then is
        // faint ink below the noise threshold, dropped the second time.
        assertThat(closestMeanDifference(once, twice)).isLessThan(0.01);
    }

    /** The tensor as an 8-bit grey picture, white ink on black. */
    private static BufferedImage rendering(float[] tensor) {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < tensor.length; i++) {
            image.getRaster().setSample(i % SIDE, i / SIDE, 0, Math.round(tensor[i] * 255));
        }
        return image;
    }

    private static double closestMeanDifference(float[] a, float[] b) {
        double best = Double.MAX_VALUE;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                double sum = 0;
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) {
                        int sx = x + dx;
                        int sy = y + dy;
                        float shifted = sx < 0 || sy < 0 || sx >= SIDE || sy >= SIDE ? 0 : b[sy * SIDE + sx];
                        sum += Math.abs(a[y * SIDE + x] - shifted);
                    }
                }
                best = Math.min(best, sum / a.length);
            }
        }
        return best;
    }

    /** Where a tensor's ink is: its bounding box and centre of mass (pixel indices). */
    private record Ink(int minX, int minY, int maxX, int maxY, double centreX, double centreY) {

        static Ink of(float[] tensor) {
            int minX = SIDE, minY = SIDE, maxX = -1, maxY = -1;
            double mass = 0, sumX = 0, sumY = 0;
            for (int i = 0; i < tensor.length; i++) {
                if (tensor[i] > 0) {
                    int x = i % SIDE;
                    int y = i / SIDE;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                    mass += tensor[i];
                    sumX += tensor[i] * x;
                    sumY += tensor[i] * y;
                }
            }
            return new Ink(minX, minY, maxX, maxY, sumX / mass, sumY / mass);
        }

        int width() {
            return maxX - minX + 1;
        }

        int height() {
            return maxY - minY + 1;
        }
    }
}
