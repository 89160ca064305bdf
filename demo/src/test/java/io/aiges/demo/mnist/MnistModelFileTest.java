package io.aiges.demo.mnist;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.ErrorCodes;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.OnnxForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static io.aiges.plugin.onnx.model.TestTensors.floats;
import static io.aiges.plugin.onnx.model.TestTensors.tensor;
import static io.aiges.plugin.onnx.model.TestTensors.toFloats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The demo's MNIST model served as a plain model file by the onnx form: what it answers, and the request mistakes a client can make. */
class MnistModelFileTest {
    @TempDir
    Path dir;

    @Test
    void theMnistModelServedAsAPlainModelAgreesWithTheDemo() throws Exception {
        float[] seven = DigitImagePreprocessor.preprocess(SeedImage.bytes());
        DataItem input = tensor("input", floats(seven), "1,1,28,28");
        String demoAnswer;
        try (Engine demo = MnistEngine.load()) {
            demoAnswer = demo.newInstance().once(Params.EMPTY, List.of(DataItem.of("img", SeedImage.bytes(), DataType.IMAGE)))
                    .getFirst().asText();
        }
        try (Engine engine = open("mnist.onnx", mnistModel())) {
            List<DataItem> out = engine.newInstance().once(Params.EMPTY, List.of(input));

            assertThat(out).singleElement().satisfies(logits -> {
                assertThat(logits.key()).isEqualTo("logits");
                assertThat(logits.type()).isEqualTo(DataType.OTHER);
                assertThat(logits.descriptors()).containsEntry("dtype", "FP32").containsEntry("shape", "1,10");
                float[] values = toFloats(logits.data());
                assertThat(argmax(values)).isEqualTo(7);
                assertThat(demoAnswer).isEqualTo(String.format(Locale.ROOT,
                        "{\"result\": 7, \"msg\": \"识别结果为数字: 7\", \"probability\": %.4f}", softmax(values)[7]));
            });
        }
    }

    @Test
    void theSchemaIsTheModelsMetadata() throws Exception {
        try (Engine engine = open("mnist.onnx", mnistModel())) {
            assertThat(engine.schema().inputs()).containsExactly(new ServiceSchema.Field("input", DataType.OTHER,
                    "tensor FP32 [-1,1,28,28], raw little-endian bytes", Map.of("dtype", "FP32", "shape", "-1,1,28,28")));
            assertThat(engine.schema().outputs()).extracting(ServiceSchema.Field::name, ServiceSchema.Field::descriptors)
                    .containsExactly(tuple("logits", Map.of("dtype", "FP32", "shape", "-1,10")));
            assertThat(engine.version()).startsWith("mnist.onnx (pytorch, onnxruntime ");
        }
    }

    @Test
    void aBatchGoesThroughInOneRun() throws Exception {
        float[] seven = DigitImagePreprocessor.preprocess(SeedImage.bytes());
        float[] batch = new float[2 * seven.length];
        System.arraycopy(seven, 0, batch, seven.length, seven.length);
        try (Engine engine = open("mnist.onnx", mnistModel())) {
            DataItem logits = engine.newInstance().once(Params.EMPTY, List.of(tensor("input", floats(batch), "2,1,28,28")))
                    .getFirst();

            assertThat(logits.descriptors()).containsEntry("shape", "2,10");
            float[] values = toFloats(logits.data());
            assertThat(argmax(Arrays.copyOfRange(values, 10, 20))).isEqualTo(7);
        }
    }

    static Stream<Arguments> mistakes() {
        byte[] image = new byte[28 * 28 * 4];
        return Stream.of(
                Arguments.of("bytes do not fill the shape", List.of(tensor("input", new byte[image.length - 1], "1,1,28,28")),
                        ErrorCodes.INVALID_DATA, "has 3135 bytes, but shape [1,1,28,28] of FP32 needs 3136"),
                Arguments.of("shape of the wrong rank", List.of(tensor("input", image, "1,28,28")),
                        ErrorCodes.INVALID_PARAM, "has shape [1,28,28], but the model takes [-1,1,28,28]"),
                Arguments.of("fixed dimension differs", List.of(tensor("input", image, "1,1,28,27")),
                        ErrorCodes.INVALID_PARAM, "but the model takes [-1,1,28,28]"),
                Arguments.of("open shape left out", List.of(DataItem.of("input", image, DataType.OTHER)),
                        ErrorCodes.INVALID_PARAM, "needs a 'shape' descriptor"),
                Arguments.of("shape not a list of sizes", List.of(tensor("input", image, "one,1,28,28")),
                        ErrorCodes.INVALID_PARAM_VALUE, "shape 'one,1,28,28' is not a list of sizes"),
                Arguments.of("negative size", List.of(tensor("input", image, "-1,1,28,28")),
                        ErrorCodes.INVALID_PARAM_VALUE, "is not a list of sizes"),
                Arguments.of("overflowing shape", List.of(tensor("input", image, "4611686018427387904,1,28,28")),
                        ErrorCodes.INVALID_PARAM_VALUE, "is not a list of sizes"),
                Arguments.of("other dtype than the model's", List.of(tensor("input", image, "1,1,28,28")
                        .withDescriptors(Map.of("shape", "1,1,28,28", "dtype", "FP64"))),
                        ErrorCodes.INVALID_PARAM, "input 'input' is FP32 in the model, but the request sends FP64"),
                Arguments.of("unknown dtype", List.of(tensor("input", image, "1,1,28,28")
                        .withDescriptors(Map.of("shape", "1,1,28,28", "dtype", "complex128"))),
                        ErrorCodes.INVALID_PARAM_VALUE, "unknown dtype 'complex128'"),
                Arguments.of("unknown tensor name", List.of(tensor("image", image, "1,1,28,28")),
                        ErrorCodes.INVALID_PARAM, "the model has no input 'image' (it takes [input])"),
                Arguments.of("input missing", List.of(),
                        ErrorCodes.INVALID_DATA, "input 'input' is missing"),
                Arguments.of("input sent twice", List.of(tensor("input", image, "1,1,28,28"), tensor("input", image, "1,1,28,28")),
                        ErrorCodes.INVALID_PARAM, "input 'input' is sent twice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void requestMistakesAreTheCallersErrors(String mistake, List<DataItem> inputs, int code, String message) throws Exception {
        try (Engine engine = open("mnist.onnx", mnistModel())) {
            assertThatThrownBy(() -> engine.newInstance().once(Params.EMPTY, inputs))
                    .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(code))
                    .hasMessageContaining(message);
        }
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }

    private static double[] softmax(float[] logits) {
        double max = logits[argmax(logits)];
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private Engine open(String name, byte[] model) throws IOException, WrapperException {
        Files.write(dir.resolve(name), model);
        return new OnnxForm().open(new EngineSpec("svc", "onnx", name, null, Map.of(), dir));
    }

    /** The embedded model's bytes, as a user's model file would hold them. */
    static byte[] mnistModel() throws IOException {
        try (InputStream in = MnistEngine.class.getResourceAsStream(MnistEngine.MODEL_RESOURCE)) {
            return in.readAllBytes();
        }
    }
}
