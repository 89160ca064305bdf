package io.aiges.demo.mnist;

import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.OnnxForm;
import io.aiges.plugin.onnx.OrtSessions;
import io.aiges.plugin.onnx.model.ModelEngine;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The onnx form finds this jar's built-in models by name, as {@code model = "builtin:..."} in aiges.toml names them. */
class BuiltinModelsTest {

    @Test
    void builtinMnistIsTheEmbeddedDemo() throws WrapperException {
        try (Engine engine = new OnnxForm().open(spec("builtin:mnist", Map.of()))) {
            assertThat(engine).isInstanceOf(MnistEngine.class);
            assertThat(engine.version()).isEqualTo("mnist-cnn 1.0 (onnxruntime " + OrtSessions.environment().getVersion() + ")");
        }
    }

    @Test
    void builtinMnistOnnxIsTheDemosModelFileServedAsAnyModelFile() throws WrapperException {
        try (Engine engine = new OnnxForm().open(spec(" builtin:mnist.onnx ", Map.of(OnnxForm.MAX_BATCH, "4")))) {
            assertThat(engine).isInstanceOf(ModelEngine.class);
            assertThat(engine.schema().inputs()).extracting(field -> field.name()).containsExactly("input");
        }
    }

    @Test
    void theModelFilesBatchLimitIsCheckedAsForAnyModelFile() {
        assertThatThrownBy(() -> new OnnxForm().open(spec("builtin:mnist.onnx", Map.of(OnnxForm.MAX_BATCH, "0"))))
                .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(10903))
                .hasMessage("maxBatch must be a whole number of 1 or more, got '0'");
    }

    @Test
    void anUnknownBuiltinNamesTheOnesThereAre() {
        assertThatThrownBy(() -> new OnnxForm().open(spec("builtin:resnet", Map.of())))
                .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(10903))
                .hasMessage("no built-in model builtin:resnet on the class path; there are builtin:mnist, builtin:mnist.onnx");
    }

    private static EngineSpec spec(String artefact, Map<String, String> options) {
        return new EngineSpec("svc", OnnxForm.NAME, artefact, null, Map.of(), Path.of("."), options);
    }
}
