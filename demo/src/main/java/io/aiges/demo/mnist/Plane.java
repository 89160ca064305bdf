package io.aiges.demo.mnist;

/**
 * A grey-level image as floats in row-major order: what the preprocessing steps hand each other.
 * The array is shared, not copied; each step builds a new plane rather than changing one.
 */
record Plane(int width, int height, float[] values) {

    Plane {
        if (width <= 0 || height <= 0 || values.length != width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " plane cannot hold "
                    + values.length + " values");
        }
    }

    float at(int x, int y) {
        return values[y * width + x];
    }

    float max() {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
