package io.aiges.demo.mnist;

import io.aiges.api.ErrorCodes;
import io.aiges.api.WrapperException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Decodes request bytes into an image with javax.imageio (PNG, JPEG, GIF, BMP, TIFF), treating
 * every input as hostile: the dimensions are read from the header and checked before any
 * pixel memory is allocated, large images are decoded subsampled, and anything the decoder
 * complains about, even as a mere warning, is the caller's broken input (10009).
 */
final class BoundedImageDecoder {
    /** Larger images are refused: no digit needs them, and decompression bombs look like them. */
    private static final int MAX_SIDE = 8192;
    /** Larger images are decoded at a fraction of their size; the digit ends up 20 px tall anyway. */
    private static final int MAX_DECODED_SIDE = 2048;

    private BoundedImageDecoder() {
    }

    static BufferedImage decode(byte[] bytes) throws WrapperException {
        if (bytes.length == 0) {
            throw new WrapperException(ErrorCodes.INVALID_DATA, "the image is empty");
        }
        if (PngIntegrity.isPng(bytes)) {
            String damage = PngIntegrity.damage(bytes).orElse(null);
            if (damage != null) {
                throw undecodable(damage);
            }
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(in);
            try {
                reader.setInput(in, true, true);
                return read(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw undecodable(e.getMessage());
        } catch (RuntimeException e) {
            // The JDK's decoders throw unchecked exceptions on crafted input (array bounds,
            // negative sizes); such input is the caller's mistake, not an engine failure. Their
            // class names mean nothing to the caller.
            throw undecodable(e.getMessage() == null ? "the bytes are not a well-formed image" : e.getMessage());
        }
    }

    private static ImageReader readerFor(ImageInputStream in) throws IOException, WrapperException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            // WBMP has no magic number: its reader claims almost any bytes that start with two zeros.
            if (!reader.getFormatName().toLowerCase(Locale.ROOT).equals("wbmp")) {
                return reader;
            }
            reader.dispose();
        }
        throw undecodable("not a PNG, JPEG, GIF, BMP or TIFF image");
    }

    private static BufferedImage read(ImageReader reader) throws IOException, WrapperException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw undecodable("the image has no pixels (" + width + "x" + height + ")");
        }
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new WrapperException(ErrorCodes.INVALID_DATA, "the image is " + width + "x" + height
                    + " pixels; at most " + MAX_SIDE + "x" + MAX_SIDE + " is accepted");
        }
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.ceilDiv(Math.max(width, height), MAX_DECODED_SIDE);
        if (step > 1) {
            param.setSourceSubsampling(step, step, 0, 0);
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image = reader.read(0, param);
        if (!warnings.isEmpty()) {
            // Typically "Premature end of JPEG file": the picture is partly made up.
            throw undecodable(String.join("; ", warnings));
        }
        return image;
    }

    private static WrapperException undecodable(String why) {
        return new WrapperException(ErrorCodes.INVALID_DATA, "image could not be decoded: " + why);
    }
}
