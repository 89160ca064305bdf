package io.aiges.plugin.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.model.HandBuiltModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code [engine] device}: what it accepts, and the one clear start-up error where the device
 * cannot be used, which on a machine without ONNX Runtime's GPU build (this one, and CI) is
 * every GPU device. The CPU is unaffected.
 */
class OrtDeviceTest {
    @TempDir
    Path dir;

    @Test
    void theDevicesItNames() throws WrapperException {
        assertThat(OrtDevice.of(Map.of())).isEqualTo(OrtDevice.CPU);
        assertThat(OrtDevice.of(Map.of("device", " CPU "))).isEqualTo(OrtDevice.CPU);
        assertThat(OrtDevice.of(Map.of("device", "cuda:0"))).isEqualTo(new OrtDevice(OrtDevice.Kind.CUDA, 0));
        assertThat(OrtDevice.of(Map.of("device", "CUDA:3")).toString()).isEqualTo("cuda:3");
        assertThat(OrtDevice.of(Map.of("device", "tensorrt:63"))).isEqualTo(new OrtDevice(OrtDevice.Kind.TENSORRT, 63));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cuda", "cuda:", "cuda:-1", "cuda:x", "cuda:64", "cuda:99999", "cuda:0:1", "cuda 0",
            "rocm:0", "cpu:0", "cuda:０"})
    void anythingElseIsRefusedNamingTheValueAndTheForms(String value) {
        assertThatThrownBy(() -> OrtDevice.of(Map.of("device", value)))
                .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(10903))
                .hasMessageContaining("[engine] device = \"" + value + "\"")
                .hasMessageContaining("\"cpu\", \"cuda:N\" or \"tensorrt:N\"");
    }

    @Test
    void seededRandomValuesAreEitherADeviceOrAClearRefusal() {
        Random random = new Random(2026_12_02);
        String alphabet = "cudatensorpCUDA:0123456789- x";
        for (int i = 0; i < 2000; i++) {
            StringBuilder value = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                OrtDevice device = OrtDevice.of(Map.of("device", value.toString()));
                assertThat(device.index()).isBetween(0, OrtDevice.MAX_INDEX);
            } catch (WrapperException e) {
                assertThat(e.code()).isEqualTo(10903);
                assertThat(e.getMessage()).contains("[engine] device");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cuda:0", "tensorrt:0"})
    void aGpuDeviceWithoutTheGpuBuildFailsStartUpNamingWhatIsMissing(String value) {
        OrtProvider wanted = value.startsWith("cuda") ? OrtProvider.CUDA : OrtProvider.TENSOR_RT;
        assumeThat(OrtEnvironment.getAvailableProviders()).as("this ONNX Runtime has no " + wanted).doesNotContain(wanted);
        assertThatThrownBy(() -> new OnnxForm().open(spec(identityModel(), value)))
                .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(10903))
                .hasMessageContaining("[engine] device = \"" + value + "\"")
                .hasMessageContaining("com.microsoft.onnxruntime:onnxruntime_gpu")
                .hasMessageContaining("docs/gpu.md");
    }

    @Test
    void theCpuIsUnaffected() throws Exception {
        try (Engine engine = new OnnxForm().open(spec(identityModel(), "cpu"))) {
            assertThat(engine.schema().inputs()).isNotEmpty();
        }
    }

    private String identityModel() throws IOException {
        Files.write(dir.resolve("identity.onnx"), new HandBuiltModel().input("x", HandBuiltModel.FLOAT, "N")
                .output("y", HandBuiltModel.FLOAT, "N").node("Identity", List.of("x"), List.of("y")).bytes());
        return "identity.onnx";
    }

    private EngineSpec spec(String artefact, String device) {
        return new EngineSpec("svc", "onnx", artefact, null, Map.of(), dir, Map.of(OrtDevice.OPTION, device));
    }
}
