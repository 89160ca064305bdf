package io.aiges.plugin.python;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SDK's documented first step: {@code python3 -m aiges create -n demo}, then serve it. */
class CreateProjectTest {
    @TempDir
    Path dir;

    @Test
    void aCreatedProjectIsServedAsItIs() throws Exception {
        try (SdkFolder sdk = SdkFolder.extract()) {
            ProcessBuilder create = new ProcessBuilder(PythonForm.DEFAULT_PYTHON.toString(), "-m", "aiges", "create",
                    "-n", "demo").directory(dir.toFile()).redirectErrorStream(true);
            create.environment().put("PYTHONPATH", sdk.path().toString());
            Process process = create.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
        }
        Path project = dir.resolve("demo");
        assertThat(project.resolve("README.md")).exists();
        assertThat(project.resolve("wrapper/test_data/test.png")).isNotEmptyFile();
        assertThat(Files.readString(project.resolve("aiges.toml"))).contains("form = \"python\"",
                "wrapper = \"wrapper/wrapper.py\"", "[demo]");
        assertThat(Files.readAllLines(project.resolve("requirements.txt")))
                .as("pip reads it; nothing to install yet").allMatch(line -> line.isBlank() || line.startsWith("#"));
        Containerfiles containerfile = Containerfiles.check(project.resolve("Containerfile"));
        assertThat(containerfile.instructions()).extracting(Containerfiles.Instruction::arguments)
                .contains("requirements.txt /opt/demo/requirements.txt", "aiges.toml /opt/demo/aiges.toml");
        assertThat(containerfile.command()).containsExactly("-m", "0", "-c", "/opt/demo/aiges.toml", "-s", "demo");
        // What the image's sed turns to 0.0.0.0, so the container is reachable from outside it.
        assertThat(Files.readString(project.resolve("aiges.toml")))
                .containsPattern("(?m)^http_listen = \"127\\.0\\.0\\.1:").containsPattern("(?m)^host = \"127\\.0\\.0\\.1\"");

        EngineSpec spec = new EngineSpec("demo", "python", "wrapper/wrapper.py", null, Map.of("greeting", "hi"),
                project);
        try (Engine engine = new PythonForm().open(spec)) {
            assertThat(engine.schema().inputs()).extracting(f -> f.name() + ":" + f.type()).containsExactly("img:IMAGE");
            Wrapper wrapper = engine.newInstance();
            List<DataItem> out = wrapper.once(new Params(Map.of("sid", "s", "ctrl", "c")),
                    List.of(DataItem.of("img", new byte[]{1, 2, 3}, DataType.IMAGE)));
            assertThat(out).singleElement().extracting(DataItem::asText).asString()
                    .startsWith("{\"greeting\": \"hi\", \"ctrl\": \"c\", \"bytes\": 3, \"sha256\": \"039058c6f2c0cb492c53");
            wrapper.fini();
        }
    }

    @Test
    void theContainerfileCheckRefusesWhatABuildWouldRefuse() throws Exception {
        Path file = dir.resolve("Containerfile");
        for (String bad : List.of("RUN true\nFROM x", "FROM x\nFORM y", "FROM x\nCOPY missing.txt /opt/", "FROM x\nRUN a \\",
                "FROM x\nCMD -m 0")) {
            Files.writeString(file, bad + "\n");
            assertThatThrownBy(() -> Containerfiles.check(file)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
