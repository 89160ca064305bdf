package io.aiges.cli.mnist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes float32 arrays as a numpy {@code .npz} file: a zip of one {@code NAME.npy} per array
 * (format 1.0: magic, a header naming dtype {@code <f4}, C order and the shape, then the raw
 * little-endian values), deflated as {@code numpy.savez_compressed} does. {@code numpy.load}
 * reads it back as a mapping of the names.
 */
final class Npz {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    /** numpy pads the header so the data starts on a multiple of 64 bytes. */
    private static final int ALIGNMENT = 64;

    private Npz() {
    }

    static void write(Map<String, OnnxModel.Tensor> arrays, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, OnnxModel.Tensor> array : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(array.getKey() + ".npy"));
                zip.write(header(array.getValue().shape()));
                byte[] values = new byte[array.getValue().littleEndian().remaining()];
                array.getValue().littleEndian().duplicate().get(values);
                zip.write(values);
                zip.closeEntry();
            }
        }
    }

    static byte[] header(long[] shape) {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String text = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? ",)" : ")")
                + ", }";
        int unpadded = MAGIC.length + 2 + text.length() + 1;
        String padded = text + " ".repeat(Math.floorMod(-unpadded, ALIGNMENT)) + "\n";
        byte[] header = new byte[MAGIC.length + 2 + padded.length()];
        System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
        header[MAGIC.length] = (byte) padded.length();
        header[MAGIC.length + 1] = (byte) (padded.length() >> 8);
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, MAGIC.length + 2, padded.length());
        return header;
    }
}
