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
}
