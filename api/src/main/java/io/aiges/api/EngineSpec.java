package io.aiges.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where an engine comes from, as the configuration says: its form ({@code c}, {@code python},
 * {@code java}, {@code onnx}), its artefact (a library, a {@code wrapper.py}, a jar, a model
 * file), the entry class for Java engines, the {@code [wrapper]} section passed to init, and the
 * loader's own options for the form ({@code [aiges] asyncMode}, {@code realTimeRlt},
 * {@code [engine] isolate}, ...), all as strings. Relative paths are resolved against
 * {@code baseDir} (the folder of {@code aiges.toml}).
 */
public record EngineSpec(String service, String form, String artefact, String entryClass,
                         Map<String, String> config, Path baseDir, Map<String, String> options) {

    public EngineSpec {
        config = Map.copyOf(config);
        options = Map.copyOf(options);
    }

    /** A spec with no loader options. */
    public EngineSpec(String service, String form, String artefact, String entryClass,
                      Map<String, String> config, Path baseDir) {
        this(service, form, artefact, entryClass, config, baseDir, Map.of());
    }

    /** A loader option as a boolean ({@code "true"}, case-insensitive); {@code fallback} when absent. */
    public boolean flag(String option, boolean fallback) {
        String value = options.get(option);
        return value == null ? fallback : Boolean.parseBoolean(value.trim());
    }

    /** The artefact as a path resolved against the configuration's folder, if one is set. */
    public Optional<Path> artefactPath() {
        if (artefact == null || artefact.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(baseDir.resolve(artefact).normalize());
    }
}
