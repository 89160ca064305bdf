package io.aiges.plugin.java;

import io.aiges.api.BatchEngine;
import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A Java engine compiled in the test, packed in a jar and loaded by class name, as a user would. */
class JavaFormTest {
    @TempDir
    Path dir;

    private static final String UPPER = """
            package demo;
            import io.aiges.api.*;
            import java.util.*;
            public final class Upper implements Wrapper {
                private String suffix = "";
                public void init(Map<String, String> config) { suffix = config.getOrDefault("suffix", ""); }
                public List<DataItem> once(Params params, List<DataItem> inputs) {
                    return List.of(DataItem.text("result", inputs.getFirst().asText().toUpperCase() + suffix));
                }
                public String version() { return "upper 1.0"; }
            }
            """;

    private Path jarOf(String className, String source) throws Exception {
        Path src = dir.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString());
        assertThat(rc).as("javac").isZero();
        Path jar = dir.resolve("engine.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String entry = className.replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(classes.resolve(entry)));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void loadsAWrapperClassFromAJarGivenInTheConfig() throws Exception {
        Path jar = jarOf("demo.Upper", UPPER);
        EngineSpec spec = new EngineSpec("svc", "java", dir.relativize(jar).toString(), "demo.Upper",
                Map.of("suffix", "!"), dir);
        try (Engine engine = new JavaForm().open(spec)) {
            assertThat(engine.version()).isEqualTo("upper 1.0");
            Wrapper one = engine.newInstance();
            Wrapper two = engine.newInstance();
            assertThat(one).isNotSameAs(two);
            List<DataItem> out = one.once(Params.EMPTY, List.of(DataItem.text("in", "seven")));
            assertThat(out).singleElement().extracting(DataItem::asText).isEqualTo("SEVEN!");
        }
    }

    @Test
    void aBatchWrapperClassFromAJarIsABatchEngineWhoseKeyComesFromTheClass() throws Exception {
        Path jar = jarOf("demo.ByLang", """
                package demo;
                import io.aiges.api.*;
                import java.util.*;
                public final class ByLang implements BatchWrapper {
                    public List<DataItem> once(Params params, List<DataItem> inputs) { return inputs; }
                    public List<BatchOutcome> onceBatch(List<BatchItem> batch) {
                        return batch.stream().map(item -> BatchOutcome.of(item.inputs())).toList();
                    }
                    public Optional<String> batchKey(Params params, List<DataItem> inputs) {
                        return params.get("lang");
                    }
                }
                """);
        try (Engine engine = new JavaForm().open(new EngineSpec("svc", "java", jar.toString(), "demo.ByLang", Map.of(), dir))) {
            assertThat(engine).isInstanceOf(BatchEngine.class);
            BatchEngine keys = (BatchEngine) engine;
            assertThat(keys.batchKey(new Params(Map.of("lang", "en")), List.of())).contains("en");
            assertThat(keys.batchKey(Params.EMPTY, List.of())).isEmpty();
            assertThat(engine.newInstance()).isInstanceOf(BatchWrapper.class);
        }
    }

    @Test
    void aBatchWrapperWithoutItsOwnKeyLetsEveryRequestShareABatch() throws Exception {
        try (Engine engine = new JavaForm().open(new EngineSpec("svc", "java", null, Echo.class.getName(), Map.of(), dir))) {
            assertThat(((BatchEngine) engine).batchKey(Params.EMPTY, List.of())).contains("");
        }
    }

    /** A batch wrapper that keeps the default batch key. */
    public static final class Echo implements BatchWrapper {
        @Override
        public List<DataItem> once(Params params, List<DataItem> inputs) {
            return inputs;
        }

        @Override
        public List<BatchOutcome> onceBatch(List<BatchItem> batch) {
            return batch.stream().map(item -> BatchOutcome.of(item.inputs())).toList();
        }
    }

    @Test
    void explainsWhatIsWrong() throws Exception {
        Path jar = jarOf("demo.Upper", UPPER);
        JavaForm form = new JavaForm();
        assertThatThrownBy(() -> form.open(new EngineSpec("svc", "java", "missing.jar", "demo.Upper", Map.of(), dir)))
                .isInstanceOf(WrapperException.class).hasMessageContaining("missing.jar");
        assertThatThrownBy(() -> form.open(new EngineSpec("svc", "java", jar.toString(), "demo.Nope", Map.of(), dir)))
                .isInstanceOf(WrapperException.class).hasMessageContaining("demo.Nope");
        assertThatThrownBy(() -> form.open(new EngineSpec("svc", "java", null, "java.lang.String", Map.of(), dir)))
                .isInstanceOf(WrapperException.class).hasMessageContaining("does not implement");
        assertThatThrownBy(() -> form.open(new EngineSpec("svc", "java", null, "", Map.of(), dir)))
                .isInstanceOf(WrapperException.class).hasMessageContaining("[engine] class");
    }

    @Test
    void initFailureNamesTheClass() throws Exception {
        Path jar = jarOf("demo.Broken", """
                package demo;
                import io.aiges.api.*;
                import java.util.*;
                public final class Broken implements Wrapper {
                    public void init(Map<String, String> config) { throw new IllegalStateException("no model"); }
                    public List<DataItem> once(Params params, List<DataItem> inputs) { return List.of(); }
                }
                """);
        try (Engine engine = new JavaForm().open(new EngineSpec("svc", "java", jar.toString(), "demo.Broken", Map.of(), dir))) {
            assertThatThrownBy(engine::newInstance).isInstanceOf(WrapperException.class)
                    .hasMessageContaining("demo.Broken").hasMessageContaining("no model");
        }
    }
}
