package io.aiges.demo.mnist;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * Turns a decoded image, whatever its colour model, into an ink plane: 1 where the pen was, 0
 * on the paper. The paper is whatever fills the image's border ring, so a dark digit on light
 * paper and a light digit on a dark screen both come out as MNIST's white-on-black, and a
 * stroke drawn on a transparent canvas is its opacity, whatever its colour.
 */
final class InkExtractor {
    /** How much of the shorter side the border ring spans: thick enough to outvote a thin frame line. */
    private static final double RING_SHARE = 0.04;

    private InkExtractor() {
    }

    static Plane extract(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        Samples samples = Samples.of(image);
        float[] luma = samples.luma();
        float[] alpha = samples.alpha();
        Ring ring = new Ring(width, height);
        if (alpha != null) {
            if (ring.share(i -> alpha[i] < 0.5f) > 0.5) {
                return new Plane(width, height, alpha);
            }
            // Mostly opaque: see through the transparent bits to the paper around them.
            float paper = ring.median(luma, alpha);
            for (int i = 0; i < luma.length; i++) {
                luma[i] = alpha[i] * luma[i] + (1 - alpha[i]) * paper;
            }
        }
        float paper = ring.median(luma, null);
        float[] ink = new float[luma.length];
        for (int i = 0; i < luma.length; i++) {
            // Stretch so the paper is 0 and the far end of the grey scale is 1.
            float v = paper <= 0.5f ? (luma[i] - paper) / (1 - paper) : (paper - luma[i]) / paper;
            ink[i] = Math.clamp(v, 0f, 1f);
        }
        return new Plane(width, height, ink);
    }

    /** Luminance and, when the image has any, opacity of every pixel, each in [0, 1]. */
    private record Samples(float[] luma, float[] alpha) {

        static Samples of(BufferedImage image) {
            ColorModel model = image.getColorModel();
            boolean grey = model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(model instanceof IndexColorModel);
            return grey ? ofGrey(image, model) : ofRgb(image, model.hasAlpha());
        }

        /**
         * Grey images are read as raw samples: Java tags PNG and JPEG grey as linear, and its RGB
         * conversion would brighten every mid-tone of what are really gamma-encoded values.
         */
        private static Samples ofGrey(BufferedImage image, ColorModel model) {
            Raster raster = image.getRaster();
            float[] luma = band(raster, 0, model.getComponentSize(0));
            float[] alpha = model.hasAlpha() ? band(raster, 1, model.getComponentSize(1)) : null;
            return new Samples(luma, alpha);
        }

        private static float[] band(Raster raster, int band, int bits) {
            float[] values = raster.getSamples(0, 0, raster.getWidth(), raster.getHeight(), band, (float[]) null);
            float max = (float) ((1L << bits) - 1);
            for (int i = 0; i < values.length; i++) {
                values[i] /= max;
            }
            return values;
        }

        private static Samples ofRgb(BufferedImage image, boolean hasAlpha) {
            int[] argb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            float[] luma = new float[argb.length];
            float[] alpha = hasAlpha ? new float[argb.length] : null;
            for (int i = 0; i < argb.length; i++) {
                int p = argb[i];
                // ITU-R 601 weights on the gamma-encoded values, as PIL's convert("L") used for MNIST demos.
                luma[i] = (0.299f * (p >> 16 & 0xff) + 0.587f * (p >> 8 & 0xff) + 0.114f * (p & 0xff)) / 255f;
                if (alpha != null) {
                    alpha[i] = (p >>> 24) / 255f;
                }
            }
            return new Samples(luma, alpha);
        }
    }

    /** The pixels near the image's edge, which tell the paper from the ink. */
    private record Ring(int width, int height, int thickness) {

        Ring(int width, int height) {
            this(width, height, Math.max(1, (int) Math.round(Math.min(width, height) * RING_SHARE)));
        }

        void forEach(IntConsumer index) {
            for (int y = 0; y < height; y++) {
                boolean edgeRow = y < thickness || y >= height - thickness;
                for (int x = 0; x < width; x++) {
                    if (edgeRow || x < thickness || x >= width - thickness) {
                        index.accept(y * width + x);
                    }
                }
            }
        }

        double share(IntPredicate test) {
            int[] counts = new int[2];
            forEach(i -> counts[test.test(i) ? 1 : 0]++);
            return (double) counts[1] / (counts[0] + counts[1]);
        }

        /** The median of {@code values} over the ring, counting only opaque pixels when {@code alpha} is given. */
        float median(float[] values, float[] alpha) {
            int[] histogram = new int[256];
            int[] total = new int[1];
            forEach(i -> {
                if (alpha == null || alpha[i] >= 0.5f) {
                    histogram[Math.round(Math.clamp(values[i], 0f, 1f) * 255)]++;
                    total[0]++;
                }
            });
            int seen = 0;
            int level = 0;
            while (level < 255 && (seen += histogram[level]) * 2 < total[0]) {
                level++;
            }
            return level / 255f;
        }
    }
}
