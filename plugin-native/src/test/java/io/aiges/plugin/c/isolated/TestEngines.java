package io.aiges.plugin.c.isolated;

import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.WrapperException;
import io.aiges.plugin.c.CForm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Builds the test engines of {@code src/test/c} with gcc and opens them isolated. */
final class TestEngines {
    private static final Path MODULE = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    private static final Path INCLUDE = MODULE.getParent().resolve("include");
    private static final Path SOURCES = MODULE.resolve("src/test/c");

    private TestEngines() {
    }

    /** Compiles {@code src/test/c/<name>.c} into {@code dir/lib<name>.so}. */
    static Path build(String name, Path dir) throws IOException, InterruptedException {
        Path library = dir.resolve("lib" + name + ".so");
        List<String> command = List.of("gcc", "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-pthread",
                "-I", INCLUDE.toString(), SOURCES.resolve(name + ".c").toString(), "-o", library.toString());
        Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return library;
    }

    /** Opens {@code library} through {@link CForm} with {@code isolate = true}. */
    static IsolatedEngine openIsolated(Path library, Map<String, String> config) throws WrapperException {
        return openIsolated(library, config, Map.of());
    }

    /** {@link #openIsolated(Path, Map)} with more loader options ({@code asyncMode}, ...). */
    static IsolatedEngine openIsolated(Path library, Map<String, String> config, Map<String, String> options)
            throws WrapperException {
        Map<String, String> all = new HashMap<>(options);
        all.put("isolate", "true");
        Engine engine = new CForm().open(new EngineSpec("isolated-test", CForm.NAME, library.getFileName().toString(),
                null, config, library.getParent(), all));
        return (IsolatedEngine) engine;
    }
}
