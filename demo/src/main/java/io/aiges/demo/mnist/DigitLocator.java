package io.aiges.demo.mnist;

import io.aiges.api.ErrorCodes;
import io.aiges.api.WrapperException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the digit on an ink plane and crops it out. The ink falls into connected blobs; the
 * digit is what remains once three kinds of blob are set aside: lines hugging the image's edge
 * (screenshot and scanner borders, such as the seed image's grey frame), frames drawn around
 * the digit, and specks too light to be part of it. What the remaining blobs cover is the crop;
 * the set-aside blobs are erased from it.
 */
final class DigitLocator {
    /** Ink below this is faint noise (JPEG ringing, paper texture), never part of a blob. */
    private static final float INK_THRESHOLD = 0.1f;
    /** Blobs that lie wholly within this share of the shorter side from the edge are borders. */
    private static final double EDGE_BAND = 0.015;
    /** Blobs lighter than this share of the heaviest are specks. */
    private static final double SPECK = 0.05;
    /** A blob enclosing another of at least this share of its own mass may be a frame around it. */
    private static final double FRAMED_MASS = 0.1;
    /** ... if it leaves at least this share of its size free around it on three sides. */
    private static final double FRAME_MARGIN = 0.04;
    /** A digit is a few strokes: beyond this many of the heaviest blobs it is all noise. */
    private static final int MAX_BLOBS = 64;

    private DigitLocator() {
    }

    static Plane locate(Plane ink) throws WrapperException {
        Labels labels = Labels.label(ink);
        List<Blob> candidates = labels.blobs().stream()
                .filter(blob -> !blob.hugsEdge())
                .sorted(Comparator.comparingDouble(Blob::mass).reversed())
                .limit(MAX_BLOBS)
                .toList();
        List<Blob> unframed = candidates.stream().filter(blob -> !isFrame(blob, candidates)).toList();
        double heaviest = unframed.stream().mapToDouble(Blob::mass).max().orElse(0);
        List<Blob> digit = unframed.stream().filter(blob -> blob.mass() >= SPECK * heaviest).toList();
        if (digit.isEmpty()) {
            throw new WrapperException(ErrorCodes.INVALID_DATA, "no digit found in the image");
        }
        return crop(ink, labels, digit);
    }

    private static boolean isFrame(Blob frame, List<Blob> blobs) {
        int margin = Math.max(2, (int) Math.round(FRAME_MARGIN * Math.max(frame.width(), frame.height())));
        return blobs.stream().anyMatch(inner -> inner != frame && inner.mass() >= FRAMED_MASS * frame.mass()
                && frame.encloses(inner, margin));
    }

    private static Plane crop(Plane ink, Labels labels, List<Blob> digit) {
        int minX = digit.stream().mapToInt(Blob::minX).min().orElseThrow();
        int minY = digit.stream().mapToInt(Blob::minY).min().orElseThrow();
        int maxX = digit.stream().mapToInt(Blob::maxX).max().orElseThrow();
        int maxY = digit.stream().mapToInt(Blob::maxY).max().orElseThrow();
        boolean[] kept = new boolean[labels.blobs().size() + 1];
        digit.forEach(blob -> kept[blob.label()] = true);
        int width = maxX - minX + 1;
        int height = maxY - minY + 1;
        float[] values = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int source = (minY + y) * ink.width() + minX + x;
                values[y * width + x] = kept[labels.pixels()[source]] ? ink.values()[source] : 0;
            }
        }
        return new Plane(width, height, values);
    }

    /** A connected patch of ink: its label, total ink, bounding box and whether it lies along the image's edge. */
    private record Blob(int label, double mass, int minX, int minY, int maxX, int maxY, boolean hugsEdge) {

        int width() {
            return maxX - minX + 1;
        }

        int height() {
            return maxY - minY + 1;
        }

        /**
         * True if {@code inner}'s box sits inside this one (its centre does), at least
         * {@code margin} from three of its sides; the fourth may be open, as the seed's frame is
         * at the bottom.
         */
        boolean encloses(Blob inner, int margin) {
            int centreX = (inner.minX + inner.maxX) / 2;
            int centreY = (inner.minY + inner.maxY) / 2;
            if (centreX < minX || centreX > maxX || centreY < minY || centreY > maxY) {
                return false;
            }
            int roomySides = (inner.minX - minX >= margin ? 1 : 0) + (maxX - inner.maxX >= margin ? 1 : 0)
                    + (inner.minY - minY >= margin ? 1 : 0) + (maxY - inner.maxY >= margin ? 1 : 0);
            return roomySides >= 3;
        }
    }

    /** Every pixel's blob label (0 for no ink) and the blobs, labelled 1, 2, ... in order. */
    private record Labels(int[] pixels, List<Blob> blobs) {

        static Labels label(Plane ink) {
            int width = ink.width();
            int height = ink.height();
            float[] values = ink.values();
            int band = Math.max(1, (int) Math.round(EDGE_BAND * Math.min(width, height)));
            int[] labels = new int[values.length];
            int[] stack = new int[values.length];
            List<Blob> blobs = new ArrayList<>();
            for (int seed = 0; seed < values.length; seed++) {
                if (labels[seed] != 0 || values[seed] < INK_THRESHOLD) {
                    continue;
                }
                int label = blobs.size() + 1;
                double mass = 0;
                int minX = width, minY = height, maxX = -1, maxY = -1;
                boolean hugsEdge = true;
                int top = 0;
                stack[top++] = seed;
                labels[seed] = label;
                while (top > 0) {
                    int p = stack[--top];
                    int x = p % width;
                    int y = p / width;
                    mass += values[p];
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                    hugsEdge &= x < band || y < band || x >= width - band || y >= height - band;
                    for (int ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
                        for (int nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
                            int n = ny * width + nx;
                            if (labels[n] == 0 && values[n] >= INK_THRESHOLD) {
                                labels[n] = label;
                                stack[top++] = n;
                            }
                        }
                    }
                }
                blobs.add(new Blob(label, mass, minX, minY, maxX, maxY, hugsEdge));
            }
            return new Labels(labels, List.copyOf(blobs));
        }
    }
}
