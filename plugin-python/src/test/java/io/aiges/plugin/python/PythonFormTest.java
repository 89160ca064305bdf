package io.aiges.plugin.python;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Loading wrappers: the MNIST demo's shape, the schema, the places a wrapper is found, import errors. */
class PythonFormTest {
    @TempDir
    Path dir;

    @Test
    void servesTheMnistDemoShapedWrapperUnchanged() throws Exception {
        Path folder = Wrappers.copy("mnist", dir.resolve("mnist"));
        try (Engine engine = Wrappers.open(folder, Map.of("common.lic", "1"))) {
            assertThat(engine.version()).isEqualTo("mnist v1 (python)");
            Wrapper wrapper = engine.newInstance();
            List<DataItem> out = wrapper.once(new Params(Map.of("sid", "s-1", "ctrl", "x")),
                    List.of(DataItem.of("img", new byte[17], DataType.IMAGE)));
            assertThat(out).singleElement().satisfies(item -> {
                assertThat(item.key()).isEqualTo("result");
                assertThat(item.type()).isEqualTo(DataType.TEXT);
                assertThat(item.status()).isEqualTo(DataStatus.ONCE);
                assertThat(item.asText()).isEqualTo("{\"result\": 7, \"msg\": \"result is: 7\"}");
            });
            wrapper.fini();
        }
    }

    @Test
    void aResponseErrorBecomesTheWrappersCodeAndText() throws Exception {
        Path folder = Wrappers.copy("mnist", dir.resolve("mnist"));
        try (Engine engine = Wrappers.open(folder, Map.of())) {
            Wrapper wrapper = engine.newInstance();
            assertThatThrownBy(() -> wrapper.once(new Params(Map.of("sid", "s-2")), List.of()))
                    .isInstanceOfSatisfying(WrapperException.class, e -> {
                        assertThat(e.code()).isEqualTo(100);
                        assertThat(e.getMessage()).isEqualTo("wrapper exec exception here...");
                    });
            wrapper.fini();
        }
    }

    @Test
    void theSchemaComesFromTheDeclaredFields() throws Exception {
        Path folder = Wrappers.copy("variants", dir.resolve("variants"));
        try (Engine engine = Wrappers.open(folder, Map.of())) {
            ServiceSchema schema = engine.schema();
            assertThat(schema.inputs()).singleElement().satisfies(input -> {
                assertThat(input.name()).isEqualTo("data");
                assertThat(input.type()).isEqualTo(DataType.AUDIO);
                assertThat(input.descriptors()).containsEntry("encoding", "raw");
            });
            assertThat(schema.outputs()).extracting(ServiceSchema.Field::name, ServiceSchema.Field::type)
                    .containsExactly(tuple("echo", DataType.TEXT),
                            tuple("info", DataType.TEXT));
            assertThat(schema.params()).containsExactly(
                    new ServiceSchema.Param("ctrl", "string", "what to do", "echo", false),
                    new ServiceSchema.Param("rounds", "integer", "", "3", true));
            assertThat(engine.version()).isEqualTo("variants v2 (python)");
        }
    }

    @Test
    void findsTheWrapperFolderOnPythonPathWhenTheConfiguredFileIsAbsent() throws Exception {
        Path folder = Wrappers.copy("mnist", dir.resolve("elsewhere"));
        Path base = Files.createDirectories(dir.resolve("config"));
        PythonForm form = new PythonForm(Map.of("PYTHONPATH", "/nonexistent:" + folder));
        try (Engine engine = form.open(new EngineSpec("svc", "python", "wrapper.py", null, Map.of(), base))) {
            assertThat(engine.schema().inputs()).extracting(ServiceSchema.Field::name).containsExactly("img");
        }
    }

    @Test
    void acceptsTheWrapperFolderAsTheArtefact() throws Exception {
        Path folder = Wrappers.copy("mnist", dir.resolve("project/wrapper"));
        try (Engine engine = new PythonForm().open(new EngineSpec("svc", "python", "wrapper", null, Map.of(),
                dir.resolve("project")))) {
            assertThat(engine.schema().outputs()).extracting(ServiceSchema.Field::name).containsExactly("result");
        }
        assertThat(folder.resolve("wrapper.py")).exists();
    }

    @Test
    void aSyntaxErrorFailsStartUpWithFileAndLine() throws Exception {
        Path folder = Wrappers.copy("syntax-error", dir.resolve("broken"));
        assertThatThrownBy(() -> Wrappers.open(folder, Map.of()))
                .isInstanceOfSatisfying(WrapperException.class, e -> {
                    assertThat(e.code()).isEqualTo(10903);
                    assertThat(e.getMessage()).contains(folder.resolve("wrapper.py").toString(), "line 3",
                            "SyntaxError");
                });
    }

    @Test
    void aMissingModuleFailsStartUpWithTheImportLine() throws Exception {
        Path folder = Wrappers.copy("import-error", dir.resolve("broken"));
        assertThatThrownBy(() -> Wrappers.open(folder, Map.of()))
                .isInstanceOfSatisfying(WrapperException.class, e -> {
                    assertThat(e.code()).isEqualTo(10903);
                    assertThat(e.getMessage()).contains("wrapper.py, line 2", "ModuleNotFoundError",
                            "torch_that_is_not_installed");
                });
    }

    @Test
    void noWrapperAnywhereIsAClearError() {
        PythonForm form = new PythonForm(Map.of());
        assertThatThrownBy(() -> form.open(new EngineSpec("svc", "python", "wrapper.py", null, Map.of(), dir)))
                .isInstanceOf(WrapperException.class)
                .hasMessageContaining("no wrapper.py found");
    }

    @Test
    void theInterpreterIsTheFirstWordOfPythonPluginCmdWhenItIsPython() {
        PythonForm form = new PythonForm(Map.of("PATH", "/usr/bin"));
        assertThat(form.interpreter(Map.of())).isEqualTo(PythonForm.DEFAULT_PYTHON);
        assertThat(form.interpreter(Map.of("pythonPluginCmd", "/usr/bin/python3 -m aiges.serve")))
                .isEqualTo(Path.of("/usr/bin/python3"));
        assertThat(form.interpreter(Map.of("pythonPluginCmd", "python3 -m aiges.serve")))
                .isEqualTo(Path.of("/usr/bin/python3"));
        assertThat(form.interpreter(Map.of("pythonPluginCmd", "/usr/bin/env python3 -m aiges.serve")))
                .isEqualTo(Path.of("/usr/bin/python3"));
        assertThat(form.interpreter(Map.of("pythonPluginCmd", "bash -c 'python -m aiges.serve'")))
                .isEqualTo(PythonForm.DEFAULT_PYTHON);
        assertThat(form.interpreter(Map.of("pythonPluginCmd", "/no/such/python3")))
                .isEqualTo(PythonForm.DEFAULT_PYTHON);
    }
}
