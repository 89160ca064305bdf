package io.aiges.cli.mnist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code aiges -mnist} writes, and that it never writes over a project already there. */
class MnistProjectTest {

    @TempDir
    Path dir;

    @Test
    void writesTheWrapperItsModulesTestPictureRequirementsReadmeAndTheWeights() throws IOException {
        Path project = MnistProject.write(dir);

        assertThat(project).isEqualTo(dir.resolve("aiges_demo/mnist"));
        for (String file : MnistProject.FILES) {
            assertThat(project.resolve(file)).isRegularFile().isNotEmptyFile();
        }
        assertThat(Files.readString(project.resolve("requirements.txt"))).contains("python3-numpy").containsPattern("(?m)^numpy$");
        assertThat(Files.readString(project.resolve("wrapper/wrapper.py")))
                .contains("class Wrapper(WrapperBase)", "def wrapperInit", "def wrapperOnceExec", "识别结果为数字");
        try (ZipFile npz = new ZipFile(project.resolve(MnistProject.WEIGHTS).toFile())) {
            assertThat(npz.stream().map(ZipEntry::getName)).containsExactly("mean.npy", "std.npy",
                    "conv1.weight.npy", "conv1.bias.npy", "conv2.weight.npy", "conv2.bias.npy", "conv3.weight.npy",
                    "conv3.bias.npy", "conv4.weight.npy", "conv4.bias.npy", "fc.weight.npy", "fc.bias.npy");
        }
        // The 96,554 float32 parameters, deflated: about the size of the ONNX file.
        assertThat(Files.size(project.resolve(MnistProject.WEIGHTS))).isBetween(100_000L, 400_000L);
        assertThat(Files.getPosixFilePermissions(project)).as("the permissions of a folder the user makes")
                .isEqualTo(Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("mine"))));
        try (Stream<Path> left = Files.list(dir.resolve("aiges_demo"))) {
            assertThat(left).as("no staging folder left behind").containsExactly(project);
        }
    }

    @Test
    void refusesToWriteOverAnExistingProjectAndLeavesItAsItWas() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("aiges_demo/mnist/wrapper")).resolve("wrapper.py");
        Files.writeString(mine, "# mine");

        assertThatThrownBy(() -> MnistProject.write(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("aiges_demo/mnist already exists");
        assertThat(Files.readString(mine)).isEqualTo("# mine");
        try (Stream<Path> files = Files.walk(dir.resolve("aiges_demo"))) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(mine);
        }
    }

    @Test
    void npyHeadersAreWhatNumpyWrites() {
        String header = new String(Npz.header(new long[] {10, 3136}), ISO_8859_1);

        assertThat(header).startsWith("\u0093NUMPY\u0001\u0000")
                .contains("{'descr': '<f4', 'fortran_order': False, 'shape': (10, 3136), }").endsWith("\n");
        assertThat(header.length() % 64).isZero();
        assertThat(new String(Npz.header(new long[] {32}), ISO_8859_1))
                .contains("'shape': (32,)");
        assertThat(new String(Npz.header(new long[0]), ISO_8859_1))
                .contains("'shape': ()");
    }

    @Test
    void aGraphThatIsNotTheDemosNetworkIsRefusedNamingItsOperators() {
        OnnxModel other = new OnnxModel(List.of(new OnnxModel.Node("Relu", List.of("x"), null)),
                Map.of());

        assertThatThrownBy(() -> MnistWeights.of(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[Relu]");
    }
}
