package io.aiges.demo.mnist;

/**
 * Puts a cropped digit where MNIST put its digits: scaled so its longer side is 20 px (aspect
 * ratio kept), then placed in a 28x28 frame so that its centre of mass falls on pixel (14, 14),
 * and stretched so its strongest ink is 1, as the strokes of MNIST's digits are.
 */
final class MnistFraming {
    static final int SIDE = 28;
    static final int BOX = 20;

    private MnistFraming() {
    }

    static float[] frame(Plane digit) {
        int longer = Math.max(digit.width(), digit.height());
        int width = Math.max(1, Math.round((float) digit.width() * BOX / longer));
        int height = Math.max(1, Math.round((float) digit.height() * BOX / longer));
        Plane box = Resampler.resize(digit, width, height);
        double mass = 0;
        double sumX = 0;
        double sumY = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = box.at(x, y);
                mass += v;
                sumX += v * x;
                sumY += v * y;
            }
        }
        // A lopsided digit would have its centre of mass pulled to 14 past the frame's edge:
        // it stops at the edge instead, keeping all of its ink.
        int left = Math.clamp(Math.round(SIDE / 2.0 - sumX / mass), 0, SIDE - width);
        int top = Math.clamp(Math.round(SIDE / 2.0 - sumY / mass), 0, SIDE - height);
        float peak = box.max();
        float[] frame = new float[SIDE * SIDE];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                frame[(top + y) * SIDE + left + x] = box.at(x, y) / peak;
            }
        }
        return frame;
    }
}
