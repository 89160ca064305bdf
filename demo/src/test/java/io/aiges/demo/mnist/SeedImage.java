package io.aiges.demo.mnist;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The seed request's picture, a white handwritten 7 on black, 225x224 RGBA. */
public final class SeedImage {
    /** Surefire runs in the module folder; the fixtures live at the repository root. */
    private static final Path PATH = Path.of("../fixtures/mnist-seed-digit7.png");

    private SeedImage() {
    }

    public static byte[] bytes() {
        try {
            return Files.readAllBytes(PATH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage image() {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
