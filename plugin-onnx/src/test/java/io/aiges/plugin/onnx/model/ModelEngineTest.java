package io.aiges.plugin.onnx.model;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.OnnxForm;
import io.aiges.plugin.onnx.OrtSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static io.aiges.plugin.onnx.model.TestTensors.floats;
import static io.aiges.plugin.onnx.model.TestTensors.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Any ONNX file as a service: hand-built graphs for every element type, and what a model that
 * cannot be served or run says. The demo module's MnistModelFileTest serves a trained model
 * (MNIST) and the request mistakes a client can make.
 */
class ModelEngineTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TensorType.class)
    void everyElementTypeTravelsAsRawLittleEndianBytes(TensorType type) throws Exception {
        byte[] model = new HandBuiltModel().input("x", onnxNumber(type), "N", 2).output("y", onnxNumber(type), "N", 2)
                .node("Identity", List.of("x"), List.of("y")).bytes();
        byte[] data = new byte[3 * 2 * type.size()];
        new SplittableRandom(type.ordinal()).nextBytes(data);
        if (type == TensorType.BOOL) {
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (data[i] & 1);
            }
        }
        try (Engine engine = open("identity.onnx", model)) {
            DataItem y = engine.newInstance().once(Params.EMPTY, List.of(DataItem.of("x", data, DataType.OTHER)
                    .withDescriptors(Map.of("shape", "3,2", "dtype", type.name().toLowerCase(Locale.ROOT))))).getFirst();

            assertThat(y.key()).isEqualTo("y");
            assertThat(y.data()).isEqualTo(data);
            assertThat(y.descriptors()).isEqualTo(Map.of("dtype", type.name(), "shape", "3,2"));
        }
    }

    @Test
    void numpyNamesAreAcceptedAsDtypes() throws Exception {
        byte[] model = new HandBuiltModel().input("x", HandBuiltModel.INT64, "N").output("y", HandBuiltModel.INT64, "N")
                .node("Identity", List.of("x"), List.of("y")).bytes();
        byte[] data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-5).putLong(1L << 40).array();
        try (Engine engine = open("identity.onnx", model)) {
            DataItem y = engine.newInstance().once(Params.EMPTY, List.of(DataItem.of("x", data, DataType.OTHER)
                    .withDescriptors(Map.of("shape", "[2]", "dtype", "int64")))).getFirst();

            assertThat(ByteBuffer.wrap(y.data()).order(ByteOrder.LITTLE_ENDIAN).getLong(8)).isEqualTo(1L << 40);
        }
    }

    @Test
    void aFullyStaticInputNeedsNoShape() throws Exception {
        byte[] model = new HandBuiltModel().input("x", HandBuiltModel.DOUBLE, 2, 3).output("y", HandBuiltModel.DOUBLE, 2, 3)
                .node("Identity", List.of("x"), List.of("y")).bytes();
        try (Engine engine = open("static.onnx", model)) {
            DataItem y = engine.newInstance().once(Params.EMPTY, List.of(DataItem.of("x", new byte[48], DataType.OTHER)))
                    .getFirst();

            assertThat(y.descriptors()).containsEntry("shape", "2,3").containsEntry("dtype", "FP64");
        }
    }

    @Test
    void aFailingRunIs10909WithOnnxRuntimesMessage() throws Exception {
        byte[] model = new HandBuiltModel().input("a", HandBuiltModel.FLOAT, "N").input("b", HandBuiltModel.FLOAT, "M")
                .output("sum", HandBuiltModel.FLOAT, "K").node("Add", List.of("a", "b"), List.of("sum")).bytes();
        try (Engine engine = open("add.onnx", model)) {
            List<DataItem> inputs = List.of(tensor("a", new byte[12], "3"), tensor("b", new byte[16], "4"));

            assertThatThrownBy(() -> engine.newInstance().once(Params.EMPTY, inputs))
                    .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(OrtSessions.RUN_FAILED))
                    .hasMessageStartingWith("ONNX Runtime failed: ")
                    .hasMessageContaining("broadcast");
        }
    }

    @Test
    void outputsOfUnsupportedTypesAreLeftOut() throws Exception {
        byte[] model = new HandBuiltModel().input("x", HandBuiltModel.FLOAT, "N")
                .output("y", HandBuiltModel.FLOAT, "N").output("z", HandBuiltModel.UINT16, "N")
                .node("Identity", List.of("x"), List.of("y"))
                .node("Cast", List.of("x"), List.of("z"), "to", HandBuiltModel.UINT16).bytes();
        try (Engine engine = open("cast.onnx", model)) {
            assertThat(engine.schema().outputs()).extracting(ServiceSchema.Field::name).containsExactly("y");
            assertThat(engine.newInstance().once(Params.EMPTY, List.of(tensor("x", floats(1, 2), "2"))))
                    .extracting(DataItem::key).containsExactly("y");
            assertThat(engine.version()).isEqualTo("cast.onnx (onnxruntime " + OrtSessions.environment().getVersion() + ")");
        }
    }

    @Test
    void aModelWithAnInputItCannotFeedIsNotLoaded() throws Exception {
        byte[] model = new HandBuiltModel().input("words", HandBuiltModel.STRING, "N").output("same", HandBuiltModel.STRING, "N")
                .node("Identity", List.of("words"), List.of("same")).bytes();

        assertThatThrownBy(() -> open("strings.onnx", model))
                .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(OrtSessions.LOAD_FAILED))
                .hasMessageContaining("strings.onnx").hasMessageContaining("input 'words' (a STRING tensor) is not a tensor the onnx engine can feed");
    }

    private Engine open(String name, byte[] model) throws IOException, WrapperException {
        Files.write(dir.resolve(name), model);
        return new OnnxForm().open(new EngineSpec("svc", "onnx", name, null, Map.of(), dir));
    }

    private static int onnxNumber(TensorType type) {
        return switch (type) {
            case BOOL -> HandBuiltModel.BOOL;
            case UINT8 -> HandBuiltModel.UINT8;
            case INT8 -> HandBuiltModel.INT8;
            case INT16 -> HandBuiltModel.INT16;
            case INT32 -> HandBuiltModel.INT32;
            case INT64 -> HandBuiltModel.INT64;
            case FP16 -> HandBuiltModel.FLOAT16;
            case FP32 -> HandBuiltModel.FLOAT;
            case FP64 -> HandBuiltModel.DOUBLE;
        };
    }
}
