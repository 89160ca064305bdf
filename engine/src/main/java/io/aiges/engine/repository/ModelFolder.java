package io.aiges.engine.repository;

import io.aiges.api.EngineSpec;
import io.aiges.engine.AigesError;
import io.aiges.engine.config.BatchConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What one version folder of a model serves, and how: the engine is found by the file in it
 * ({@code model.onnx}: the generic ONNX engine; {@code wrapper.py}: a Python engine;
 * {@code libwrapper.so}: a C engine), or named by the model's optional
 * {@code {name}/config.properties}:
 *
 * <pre>
 * form = java                 # c, python, java or onnx
 * artefact = upper.jar        # in the version folder (java: none means aiges's own class path)
 * class = com.example.Upper   # java engines
 * licence = 4                 # instances; else the server's [fc] max
 * queue = 10                  # requests waiting for an instance
 * requestTimeoutMs = 5000
 * maxBatch = 64               # onnx: most rows per request; else [engine] maxBatch, else 256
 * wrapper.some_key = value    # passed to the engine's init, as [wrapper] in aiges.toml
 * </pre>
 */
final class ModelFolder {
    static final String CONFIG = "config.properties";
    /** The onnx form's bound on rows per request, the same key as {@code [engine] maxBatch}. */
    private static final String MAX_BATCH = "maxBatch";
    /** The file that names each form's engine, in the order they are looked for. */
    private static final Map<String, String> FILES = Map.of("model.onnx", "onnx", "wrapper.py", "python",
            "libwrapper.so", "c");
    private static final List<String> LOOKUP = List.of("model.onnx", "wrapper.py", "libwrapper.so");

    private ModelFolder() {
    }

    /** True when the folder holds one of the engine files (or anything, if the config names the artefact). */
    static boolean servable(Path version) {
        return LOOKUP.stream().anyMatch(file -> Files.isRegularFile(version.resolve(file)))
                || Files.isRegularFile(version.getParent().resolve(CONFIG));
    }

    static ServiceConfig config(String name, Path model, String version, ServiceConfig template) {
        Path folder = model.resolve(version);
        Properties props = properties(model.resolve(CONFIG));
        String artefact = props.getProperty("artefact");
        String form = props.getProperty("form");
        if (artefact == null) {
            artefact = LOOKUP.stream().filter(file -> Files.isRegularFile(folder.resolve(file))).findFirst().orElse(null);
        }
        if (form == null) {
            form = artefact == null ? null : FILES.get(Path.of(artefact).getFileName().toString());
            if (form == null) {
                throw AigesError.WRAPPER_LOAD.exception("model " + name + " version " + version + ": " + folder
                        + " has none of " + LOOKUP + ", so " + CONFIG + " must say its form (c, python, java, onnx)"
                        + " and artefact");
            }
        }
        Map<String, String> wrapper = new HashMap<>();
        props.stringPropertyNames().stream().filter(key -> key.startsWith("wrapper."))
                .forEach(key -> wrapper.put(key.substring("wrapper.".length()), props.getProperty(key)));
        Map<String, String> options = new HashMap<>(template.engine().options());
        if (props.getProperty(MAX_BATCH) != null) {
            int maxBatch = number(props, MAX_BATCH, 1, name);
            if (maxBatch < 1) {
                throw AigesError.WRAPPER_LOAD.exception("model " + name + ": " + CONFIG + ": " + MAX_BATCH
                        + " must be 1 or more, got " + maxBatch);
            }
            options.put(MAX_BATCH, Integer.toString(maxBatch));
        }
        EngineSpec engine = new EngineSpec(name, form.strip(), artefact == null ? null : artefact.strip(),
                props.getProperty("class"), wrapper, folder, options);
        PoolConfig pool = new PoolConfig(number(props, "licence", template.pool().licence(), name),
                number(props, "queue", template.pool().queueSize(), name), template.pool().queueTimeout(),
                template.pool().readyWhen());
        Duration timeout = Duration.ofMillis(number(props, "requestTimeoutMs",
                (int) Math.min(Integer.MAX_VALUE, template.requestTimeout().toMillis()), name));
        try {
            return new ServiceConfig(name, engine, pool, timeout, template.sessions(), template.rateLimit(),
                    BatchConfig.OFF, template.clientLimits());
        } catch (IllegalArgumentException e) {
            throw AigesError.WRAPPER_LOAD.exception("model " + name + ": " + CONFIG + ": " + e.getMessage());
        }
    }

    private static Properties properties(Path file) {
        Properties props = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw AigesError.WRAPPER_LOAD.exception("cannot read " + file + ": " + e.getMessage());
            }
        }
        return props;
    }

    private static int number(Properties props, String key, int fallback, String name) {
        String value = props.getProperty(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw AigesError.WRAPPER_LOAD.exception("model " + name + ": " + CONFIG + ": " + key
                    + " must be a whole number, got '" + value + "'");
        }
    }
}
