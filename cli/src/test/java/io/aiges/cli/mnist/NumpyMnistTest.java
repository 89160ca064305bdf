package io.aiges.cli.mnist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.Params;
import io.aiges.demo.mnist.DigitImagePreprocessor;
import io.aiges.demo.mnist.MnistEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The project {@code aiges -mnist} writes computes what {@code aiges demo} computes: for the seed
 * picture in every PNG colour model, resized, inverted, on a photo-sized canvas, and for drawn
 * digits, its numpy code (PNG decoding, preprocessing, forward pass with the exported weights)
 * gives the 28x28 input of the embedded demo's preprocessing and the digit and probability of its
 * ONNX model. Runs Debian's {@code /usr/bin/python3} with {@code python3-numpy}.
 */
class NumpyMnistTest {
    private static final Path SEED = Path.of(System.getProperty("aiges.fixtures", "../fixtures"), "mnist-seed-digit7.png");
    /** Prints, per picture named on the command line, its 28x28 input and the probabilities of the ten digits. */
    private static final String DRIVER = """
            import json, sys, mnist_cnn, mnist_digit
            net = mnist_cnn.Cnn.load("mnist-cnn.npz")
            for path in sys.argv[1:]:
                pixels = mnist_digit.preprocess(open(path, "rb").read())
                print(json.dumps({"pixels": pixels.ravel().tolist(),
                                  "probabilities": mnist_cnn.softmax(net.logits(pixels)).tolist()}))
            """;

    private static Engine engine;
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        engine = MnistEngine.load();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void theNumpyWrapperSeesAndAnswersWhatTheEmbeddedDemoDoes() throws Exception {
        Map<String, byte[]> pictures = pictures();
        Path wrapper = MnistProject.write(dir).resolve("wrapper");
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", DRIVER));
        for (Map.Entry<String, byte[]> picture : pictures.entrySet()) {
            Path file = dir.resolve(picture.getKey() + ".png");
            Files.write(file, picture.getValue());
            command.add(file.toString());
        }
        List<String> lines = run(command, wrapper);

        assertThat(lines).hasSize(pictures.size());
        int i = 0;
        for (Map.Entry<String, byte[]> picture : pictures.entrySet()) {
            JsonNode numpy = json.readTree(lines.get(i++));
            float[] expected = DigitImagePreprocessor.preprocess(picture.getValue());
            JsonNode pixels = numpy.path("pixels");
            assertThat(pixels.size()).isEqualTo(expected.length);
            for (int p = 0; p < expected.length; p++) {
                assertThat(pixels.get(p).asDouble()).as("%s: pixel (%d, %d)", picture.getKey(), p % 28, p / 28)
                        .isCloseTo(expected[p], within(2e-3));
            }
            JsonNode answer = json.readTree(engine.newInstance().once(Params.EMPTY,
                    List.of(DataItem.of("img", picture.getValue(), DataType.IMAGE))).getFirst().asText());
            int digit = answer.path("result").asInt();
            JsonNode probabilities = numpy.path("probabilities");
            assertThat(probabilities.get(digit).asDouble()).as("%s: probability of %d", picture.getKey(), digit)
                    .isCloseTo(answer.path("probability").asDouble(), within(2e-3));
            if (picture.getKey().startsWith("seed")) {
                assertThat(digit).as(picture.getKey()).isEqualTo(7);
            }
        }
    }

    /** The seed in every PNG colour model and a few guises, and digits drawn with a pen. */
    private static Map<String, byte[]> pictures() throws IOException {
        BufferedImage seed = ImageIO.read(SEED.toFile());
        Map<String, byte[]> pictures = new LinkedHashMap<>();
        pictures.put("seed", Files.readAllBytes(SEED));
        pictures.put("seed-rgb", png(converted(seed, BufferedImage.TYPE_3BYTE_BGR), false));
        pictures.put("seed-grey", png(converted(seed, BufferedImage.TYPE_BYTE_GRAY), false));
        pictures.put("seed-grey16", png(converted(seed, BufferedImage.TYPE_USHORT_GRAY), false));
        pictures.put("seed-palette", png(converted(seed, BufferedImage.TYPE_BYTE_INDEXED), false));
        pictures.put("seed-1bit", png(converted(seed, BufferedImage.TYPE_BYTE_BINARY), false));
        pictures.put("seed-interlaced", png(seed, true));
        pictures.put("seed-inverted", png(inverted(seed), false));
        pictures.put("seed-small", png(placed(seed, 80, 80, 0, 0, 0.3, Color.BLACK), false));
        pictures.put("seed-photo", png(placed(seed, 1400, 1000, 600, 300, 2.5, Color.BLACK), false));
        pictures.put("zero", png(drawn(new Ellipse2D.Double(70, 40, 90, 150)), false));
        pictures.put("one", png(drawn(path(120, 40, 120, 200)), false));
        Path2D four = path(150, 200, 150, 40);
        four.lineTo(60, 150);
        four.lineTo(180, 150);
        pictures.put("four", png(drawn(four), false));
        return pictures;
    }

    private static List<String> run(List<String> command, Path wrapper) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(wrapper.toFile());
        builder.environment().put("PYTHONPATH", wrapper.toString());
        Process python = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as("python3 exit code; it printed %s", out).isZero();
        return out.lines().toList();
    }

    private static BufferedImage converted(BufferedImage image, int type) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, Color.BLACK, null);
        g.dispose();
        return out;
    }

    private static BufferedImage inverted(BufferedImage image) {
        BufferedImage out = converted(image, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, ~out.getRGB(x, y) | 0xFF000000);
            }
        }
        return out;
    }

    private static BufferedImage placed(BufferedImage image, int width, int height, int x, int y, double scale,
                                        Color paper) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = smooth(out);
        g.setColor(paper);
        g.fillRect(0, 0, width, height);
        g.drawImage(image, x, y, (int) (image.getWidth() * scale), (int) (image.getHeight() * scale), null);
        g.dispose();
        return out;
    }

    /** A dark pen stroke on light paper. */
    private static BufferedImage drawn(java.awt.Shape stroke) {
        BufferedImage out = new BufferedImage(240, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = smooth(out);
        g.setColor(new Color(235, 235, 230));
        g.fillRect(0, 0, 240, 240);
        g.setColor(new Color(30, 30, 40));
        g.setStroke(new BasicStroke(14, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(stroke);
        g.dispose();
        return out;
    }

    private static Path2D path(double x0, double y0, double x1, double y1) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(x0, y0);
        path.lineTo(x1, y1);
        return path;
    }

    private static Graphics2D smooth(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        return g;
    }

    private static byte[] png(BufferedImage image, boolean interlaced) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(interlaced ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
