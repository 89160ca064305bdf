package io.aiges.plugin.python;

import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.WrapperException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** The test wrappers under {@code src/test/resources/wrappers}, copied where a test wants them. */
final class Wrappers {
    private Wrappers() {
    }

    /** Copies wrapper folder {@code name} to {@code target} and returns it. */
    static Path copy(String name, Path target) throws IOException {
        Path source;
        try {
            source = Path.of(Wrappers.class.getResource("/wrappers/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> walk = Files.walk(source)) {
            walk.forEach(p -> {
                try {
                    Path copy = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(p, copy);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return target;
    }

    /** Opens the wrapper in {@code folder} as aiges.toml's {@code wrapper = "wrapper.py"} would. */
    static Engine open(Path folder, Map<String, String> config) throws WrapperException {
        return open(folder, config, Map.of());
    }

    /** As {@link #open(Path, Map)}, with loader options ({@code [engine] devices}, {@code [aiges] engineStartTimeout}). */
    static Engine open(Path folder, Map<String, String> config, Map<String, String> options) throws WrapperException {
        return new PythonForm().open(new EngineSpec("svc", "python", "wrapper.py", null, config, folder, options));
    }
}
