package io.aiges.demo.mnist;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Image making for tests: Java2D edits of a picture and the encodings a client might send it in. */
final class Pictures {

    private Pictures() {
    }

    /** An ARGB copy of the image, resized with bilinear filtering. */
    static BufferedImage scaled(BufferedImage image, double factor) {
        int width = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(image.getHeight() * factor));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = smooth(out);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /** The image on a larger canvas of {@code background}, its top-left corner at (x, y). */
    static BufferedImage padded(BufferedImage image, int width, int height, int x, int y, Color background) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, width, height);
        g.drawImage(image, x, y, null);
        g.dispose();
        return out;
    }

    /** The image turned about its centre, the uncovered corners filled with {@code background}. */
    static BufferedImage rotated(BufferedImage image, double degrees, Color background) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = smooth(out);
        g.setColor(background);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, AffineTransform.getRotateInstance(Math.toRadians(degrees), image.getWidth() / 2.0,
                image.getHeight() / 2.0), null);
        g.dispose();
        return out;
    }

    /** Black becomes white and white black, alpha kept. */
    static BufferedImage inverted(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out.setRGB(x, y, image.getRGB(x, y) ^ 0x00ffffff);
            }
        }
        return out;
    }

    /** Copies the image into a new one of {@code type} (RGB, indexed, ...) the way Java2D does. */
    static BufferedImage converted(BufferedImage image, int type) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    /**
     * A grey image of {@code bits} 8 or 16 holding the luminance as plain sample values, as a
     * grey PNG written by any other tool holds it (Java2D would convert to linear grey).
     */
    static BufferedImage grey(BufferedImage image, int bits) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(),
                bits == 16 ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = out.getRaster();
        int max = (1 << bits) - 1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                raster.setSample(x, y, 0, Math.round(luma(image.getRGB(x, y)) * max));
            }
        }
        return out;
    }

    /** The light parts of the image as opaque {@code ink} strokes on a fully transparent canvas. */
    static BufferedImage strokesOnTransparent(BufferedImage image, Color ink) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        int rgb = ink.getRGB() & 0xffffff;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int alpha = Math.round(luma(image.getRGB(x, y)) * 255);
                out.setRGB(x, y, alpha << 24 | rgb);
            }
        }
        return out;
    }

    /** Like {@link #strokesOnTransparent} as a grey-and-alpha picture (PNG colour type 4). */
    static BufferedImage greyStrokesOnTransparent(BufferedImage image, int grey) {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(image.getWidth(), image.getHeight());
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                raster.setSample(x, y, 0, grey);
                raster.setSample(x, y, 1, Math.round(luma(image.getRGB(x, y)) * 255));
            }
        }
        return new BufferedImage(model, raster, false, null);
    }

    static float luma(int argb) {
        return (0.299f * (argb >> 16 & 0xff) + 0.587f * (argb >> 8 & 0xff) + 0.114f * (argb & 0xff)) / 255f;
    }

    static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no " + format + " writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JPEG of the image (alpha dropped) at {@code quality} 0..1. */
    static byte[] jpeg(BufferedImage image, float quality) {
        BufferedImage opaque = image.getType() == BufferedImage.TYPE_BYTE_GRAY ? image : converted(image, BufferedImage.TYPE_INT_RGB);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(opaque, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A 28x28 tensor as text, one character per pixel, for failure messages. */
    static String ascii(float[] tensor) {
        StringBuilder text = new StringBuilder();
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                float v = tensor[y * 28 + x];
                text.append(v > 0.66f ? '#' : v > 0.33f ? '+' : v > 0.05f ? '.' : ' ');
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static Graphics2D smooth(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }
}
