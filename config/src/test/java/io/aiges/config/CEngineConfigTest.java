package io.aiges.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The C engine's declarations in aiges.toml reach the engine form as dotted options. */
class CEngineConfigTest {
    @TempDir
    Path dir;

    @Test
    void engineTablesBecomeDottedOptionsWithoutWarnings() throws ConfigException {
        List<String> warnings = new ArrayList<>();
        AigesConfig config = new ConfigLoader(Map.of(), warnings::add).parse("""
                [svcName]
                [engine]
                form = "c"
                library = "./libwrapper.so"
                [engine.inputs.text]
                type = "text"
                encoding = "utf8"
                [engine.outputs]
                result = "text"
                [engine.params.lang]
                required = true
                [engine.resources]
                1 = "./hotwords.txt"
                """, "aiges.toml", dir, "svcName");

        assertThat(config.service().engine().options())
                .containsEntry("inputs.text.type", "text").containsEntry("inputs.text.encoding", "utf8")
                .containsEntry("outputs.result", "text").containsEntry("params.lang.required", "true")
                .containsEntry("resources.1", "./hotwords.txt");
        assertThat(warnings).isEmpty();
    }
}
