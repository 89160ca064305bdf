package io.aiges.config;

import io.aiges.api.EngineSpec;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A model's config.properties speaks aiges.toml's key names; the old names still work, with a warning each. */
class ModelFolderSettingsTest {
    private static final ServiceConfig TEMPLATE = new ServiceConfig("svcName",
            new EngineSpec("svcName", "gate", "x", null, Map.of(), Path.of(".")),
            new PoolConfig(2, 7, Duration.ofSeconds(3)), Duration.ofSeconds(9));
    private static final String NEW = """
            engine.form = java
            engine.jar = upper.jar
            engine.class = com.example.Upper
            engine.maxBatch = 8
            fc.max = 3
            fc.queue = 5
            aiges.requestTimeout = 1500
            wrapper.k = v
            """;
    private static final String OLD = """
            form = java
            artefact = upper.jar
            class = com.example.Upper
            maxBatch = 8
            licence = 3
            queue = 5
            requestTimeoutMs = 1500
            wrapper.k = v
            """;

    @TempDir
    Path root;
    private final List<String> warnings = new ArrayList<>();
    private final ModelFolderSettings settings = new ModelFolderSettings(warnings::add);

    private ServiceConfig read(String name, String properties) throws IOException {
        Files.createDirectories(root.resolve(name).resolve("1"));
        Files.writeString(root.resolve(name).resolve("config.properties"), properties);
        return settings.service(name, root.resolve(name), "1", TEMPLATE);
    }

    @Test
    void theNewNamesAndTheOldOnesSayTheSame() throws IOException {
        ServiceConfig now = read("now", NEW);
        ServiceConfig before = read("before", OLD);

        for (ServiceConfig config : List.of(now, before)) {
            assertThat(config.engine().form()).isEqualTo("java");
            assertThat(config.engine().artefact()).isEqualTo("upper.jar");
            assertThat(config.engine().entryClass()).isEqualTo("com.example.Upper");
            assertThat(config.engine().options()).containsEntry("maxBatch", "8");
            assertThat(config.engine().config()).containsExactly(Map.entry("k", "v"));
            assertThat(config.pool().licence()).isEqualTo(3);
            assertThat(config.pool().queueSize()).isEqualTo(5);
            assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
        }
    }

    @Test
    void eachOldNameIsWarnedAboutOncePerFileNamingItsReplacement() throws IOException {
        read("now", NEW);
        assertThat(warnings).isEmpty();

        read("before", OLD);
        settings.service("before", root.resolve("before"), "1", TEMPLATE);

        assertThat(warnings).hasSize(7).allSatisfy(w -> assertThat(w)
                .startsWith(root.resolve("before/config.properties") + ": ").contains(" is deprecated; write "));
        assertThat(warnings).anySatisfy(w -> assertThat(w).endsWith("licence is deprecated; write fc.max, as aiges.toml's [fc] max"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).endsWith(
                "requestTimeoutMs is deprecated; write aiges.requestTimeout, as aiges.toml's [aiges] requestTimeout"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).endsWith(
                "artefact is deprecated; write the [engine] key of its form: engine.model, engine.library, engine.wrapper, engine.jar"));
    }

    @ParameterizedTest
    @CsvSource({"engine.model = m.onnx,onnx", "engine.library = libx.so,c", "engine.wrapper = w.py,python",
            "engine.jar = x.jar,java"})
    void theKeyOfTheEnginesFileSaysItsForm(String line, String form) throws IOException {
        ServiceConfig config = read("m", line + "\n");
        assertThat(config.engine().form()).isEqualTo(form);
        assertThat(config.engine().artefact()).isEqualTo(line.substring(line.indexOf('=') + 1).strip());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            licence = 3\\nfc.max = 4                   | sets both licence and fc.max; keep fc.max
            engine.jar = a.jar\\nengine.model = b.onnx | names more than one engine file (engine.model, engine.jar); keep one
            artefact = a.jar\\nengine.jar = b.jar      | names more than one engine file (engine.jar, artefact); keep one
            engine.jar = a\\nfc.max = many            | fc.max must be a whole number, got 'many'
            engine.form = java\\nengine.maxBatch = 0   | engine.maxBatch must be 1 or more, got 0
            engine.jar = a\\nfc.max = 0               | config.properties: licence must be at least 1
            """)
    void settingsThatContradictOrSayNothingUsableAreRefused(String lines, String problem) {
        assertThatThrownBy(() -> read("m", lines.replace("\\n", "\n") + "\n"))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10903))
                .hasMessageContaining(problem);
    }

    /** The names are aiges.toml's: each is a key KnownKeys knows in its section. */
    @Test
    void everyKeyReadIsAnAigesTomlKey() {
        List<String> keys = new ArrayList<>(ModelFolderSettings.RENAMED.values());
        keys.addAll(ModelFolderSettings.ARTEFACT_KEYS.keySet());
        for (String key : keys) {
            String section = key.substring(0, key.indexOf('.'));
            assertThat(KnownKeys.of(section)).as(key).hasValueSatisfying(known ->
                    assertThat(known).contains(key.substring(section.length() + 1)));
        }
    }
}
