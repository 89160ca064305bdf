package io.aiges.bench;

import io.aiges.demo.mnist.DigitImagePreprocessor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes the HTTP request that sends the seed digit to the MNIST model as a plain tensor: the
 * seed PNG preprocessed as the demo does it, {@code input} FP32 [1,1,28,28], base64 little-endian.
 *
 * <pre>{@code java -cp ... io.aiges.bench.SeedTensorBody fixtures/mnist-seed-digit7.png body.json}</pre>
 */
public final class SeedTensorBody {
    private SeedTensorBody() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SeedTensorBody PNG OUT.json");
            System.exit(2);
        }
        Files.writeString(Path.of(args[1]), body(tensor(Files.readAllBytes(Path.of(args[0])))));
    }

    /** The preprocessed picture as little-endian FP32 bytes. */
    static byte[] tensor(byte[] png) throws Exception {
        float[] pixels = DigitImagePreprocessor.preprocess(png);
        ByteBuffer bytes = ByteBuffer.allocate(pixels.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(pixels);
        return bytes.array();
    }

    private static String body(byte[] tensor) {
        return """
                {"header": {"appid": "bench", "status": 3},
                 "parameter": {"svcName": {}},
                 "payload": {"input": {"encoding": "raw", "status": 3, "dtype": "FP32", "shape": "1,1,28,28", "other": "%s"}}}
                """.formatted(Base64.getEncoder().encodeToString(tensor));
    }
}
