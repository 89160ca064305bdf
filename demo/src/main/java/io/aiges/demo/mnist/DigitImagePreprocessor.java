package io.aiges.demo.mnist;

import io.aiges.api.WrapperException;

/**
 * Turns the bytes of a picture of one handwritten digit into the 28x28 tensor an MNIST model
 * expects: white ink on black, values in [0, 1], the digit fit in a 20x20 box and centred by its
 * centre of mass, as LeCun et al. prepared MNIST. Any size and colour model javax.imageio
 * decodes is accepted: a dark digit on light paper, a light one on a dark screen, strokes on a
 * transparent canvas.
 *
 * <pre>{@code
 * float[] pixels = DigitImagePreprocessor.preprocess(Files.readAllBytes(Path.of("seven.png")));
 * // pixels.length == 784, row-major, ready for a [1, 1, 28, 28] float tensor
 * }</pre>
 *
 * Input problems are {@link io.aiges.api.ErrorCodes#INVALID_DATA}: bytes that do not decode,
 * an image larger than 8192x8192, a picture with no ink on it.
 */
public final class DigitImagePreprocessor {
    /** The side of the square MNIST tensor. */
    public static final int SIDE = MnistFraming.SIDE;
    /** Images are analysed at most this large: plenty for a digit that ends up 20 px tall. */
    private static final int WORKING_SIDE = 512;

    private DigitImagePreprocessor() {
    }

    /** The MNIST tensor, {@code SIDE * SIDE} floats in row-major order. */
    public static float[] preprocess(byte[] image) throws WrapperException {
        Plane ink = InkExtractor.extract(BoundedImageDecoder.decode(image));
        return MnistFraming.frame(DigitLocator.locate(shrinkToWorkingSize(ink)));
    }

    private static Plane shrinkToWorkingSize(Plane ink) {
        int longer = Math.max(ink.width(), ink.height());
        if (longer <= WORKING_SIDE) {
            return ink;
        }
        double scale = (double) WORKING_SIDE / longer;
        return Resampler.resize(ink, Math.max(1, (int) Math.round(ink.width() * scale)),
                Math.max(1, (int) Math.round(ink.height() * scale)));
    }
}
