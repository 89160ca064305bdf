package io.aiges.plugin.onnx;

import io.aiges.api.EngineForm;
import io.aiges.api.EngineSpec;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How aiges finds the onnx form and what it says when the configured model is not usable. */
class OnnxFormTest {
    @TempDir
    Path dir;

    @Test
    void theFormIsFoundOnTheClassPathAsOnnx() {
        assertThat(ServiceLoader.load(EngineForm.class)).extracting(EngineForm::name).contains("onnx");
    }

    @Test
    void aBuiltinModelNoJarShipsIsExplained() {
        // This module's tests run without the demo jar, as a production class path does.
        assertThatThrownBy(() -> new OnnxForm().open(spec("builtin:mnist")))
                .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(10903))
                .hasMessage("no built-in model builtin:mnist on the class path"
                        + " (builtin:mnist is in the aiges-demo jar, which this installation leaves out)");
    }

    @Test
    void aMissingModelIsNamedInTheError() {
        assertThatThrownBy(() -> new OnnxForm().open(spec("models/absent.onnx")))
                .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(10903))
                .hasMessage("ONNX model not found: " + dir.resolve("models/absent.onnx"));
    }

    @Test
    void aModelMustBeAnOnnxFile() throws Exception {
        Files.writeString(dir.resolve("model.pt"), "not onnx");

        assertThatThrownBy(() -> new OnnxForm().open(spec("model.pt")))
                .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(10903))
                .hasMessage("ONNX model must be a .onnx file: " + dir.resolve("model.pt"));
    }

    @Test
    void aFileThatIsNoModelFailsToLoadWithItsPath() throws Exception {
        Files.writeString(dir.resolve("broken.onnx"), "this is not a protobuf");

        assertThatThrownBy(() -> new OnnxForm().open(spec("broken.onnx")))
                .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(10903))
                .hasMessageStartingWith("ONNX model " + dir.resolve("broken.onnx") + " could not be loaded: ");
    }

    @Test
    void noArtefactAtAllIsExplained() {
        assertThatThrownBy(() -> new OnnxForm().open(spec(" ")))
                .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(10903))
                .hasMessageContaining("onnx engines need a model").hasMessageContaining("builtin:mnist");
    }

    private EngineSpec spec(String artefact) {
        return new EngineSpec("svc", "onnx", artefact, null, Map.of(), dir);
    }
}
