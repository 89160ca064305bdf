package io.aiges.demo.mnist;

/**
 * Resizes a {@link Plane}: by area averaging when shrinking, so that every source pixel counts and
 * thin strokes fade instead of vanishing (as nearest-neighbour or plain bilinear sampling would
 * let them), and bilinearly when enlarging. Both are separable: rows first, then columns.
 */
final class Resampler {

    private Resampler() {
    }

    static Plane resize(Plane source, int width, int height) {
        if (width == source.width() && height == source.height()) {
            return source;
        }
        Taps across = Taps.of(source.width(), width);
        Taps down = Taps.of(source.height(), height);
        float[] rows = new float[width * source.height()];
        for (int y = 0; y < source.height(); y++) {
            for (int x = 0; x < width; x++) {
                rows[y * width + x] = across.apply(source.values(), y * source.width(), 1, x);
            }
        }
        float[] out = new float[width * height];
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                out[y * width + x] = down.apply(rows, x, width, y);
            }
        }
        return new Plane(width, height, out);
    }

    /**
     * For each output index along one axis, the first source index it reads and the weights of
     * the source samples from there on; the weights of one output sum to 1.
     */
    private record Taps(int[] first, float[][] weights) {

        static Taps of(int sourceLength, int targetLength) {
            double scale = (double) sourceLength / targetLength;
            int[] first = new int[targetLength];
            float[][] weights = new float[targetLength][];
            for (int o = 0; o < targetLength; o++) {
                if (scale >= 1) {
                    // Output pixel o covers source interval [o*scale, (o+1)*scale): weigh each source pixel by its overlap.
                    double from = o * scale;
                    double to = Math.min(sourceLength, (o + 1) * scale);
                    int start = (int) Math.floor(from);
                    int end = Math.min(sourceLength, (int) Math.ceil(to));
                    first[o] = start;
                    weights[o] = new float[end - start];
                    for (int i = start; i < end; i++) {
                        weights[o][i - start] = (float) ((Math.min(to, i + 1) - Math.max(from, i)) / scale);
                    }
                } else {
                    // Pixel centres line up: output centre o+0.5 sits at source position (o+0.5)*scale.
                    double centre = Math.clamp((o + 0.5) * scale - 0.5, 0, sourceLength - 1);
                    int left = Math.min((int) Math.floor(centre), Math.max(0, sourceLength - 2));
                    float right = (float) (centre - left);
                    first[o] = left;
                    weights[o] = sourceLength == 1 ? new float[] {1} : new float[] {1 - right, right};
                }
            }
            return new Taps(first, weights);
        }

        /** Output sample {@code o} from the line starting at {@code offset} with {@code stride} between samples. */
        float apply(float[] line, int offset, int stride, int o) {
            float[] w = weights[o];
            int index = offset + first[o] * stride;
            float sum = 0;
            for (float weight : w) {
                sum += weight * line[index];
                index += stride;
            }
            return sum;
        }
    }
}
