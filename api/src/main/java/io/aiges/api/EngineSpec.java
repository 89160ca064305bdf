package io.aiges.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where an engine comes from, as the configuration says: its form ({@code c}, {@code python},
 * {@code java}, {@code onnx}), its artefact (a library, a {@code wrapper.py}, a jar, a model
 * file), the entry class for Java engines, and the {@code [wrapper]} section passed to init.
 * Relative paths are resolved against {@code baseDir} (the folder of {@code aiges.toml}).
 */
public record EngineSpec(String service, String form, String artefact, String entryClass,
                         Map<String, String> config, Path baseDir) {

    public EngineSpec {
        config = Map.copyOf(config);
    }

    /** The artefact as a path resolved against the configuration's folder, if one is set. */
    public Optional<Path> artefactPath() {
        if (artefact == null || artefact.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(baseDir.resolve(artefact).normalize());
    }
}
