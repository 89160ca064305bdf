package io.aiges.config;

import io.aiges.api.EngineSpec;
import io.aiges.engine.AigesError;
import io.aiges.engine.config.BatchConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.repository.ModelFolderReader;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What one version folder of a model serves, and how: the engine is found by the file in it
 * ({@code model.onnx}: the generic ONNX engine; {@code wrapper.py}: a Python engine;
 * {@code libwrapper.so}: a C engine), or named by the model's optional
 * {@code {name}/config.properties}, whose keys are {@code aiges.toml}'s, as {@code section.key}:
 *
 * <pre>
 * engine.form = java            # [engine] form: c, python, java or onnx; else found from the file
 * engine.jar = upper.jar        # the engine's file, in the version folder, under the key [engine] gives
 *                               # its form: engine.model (onnx), engine.library (c), engine.wrapper
 *                               # (python), engine.jar (java; none means aiges's own class path)
 * engine.class = com.example.Upper
 * engine.maxBatch = 64          # onnx: most rows per request; else the server's [engine] maxBatch, else 256
 * fc.max = 4                    # the licence: instances; else the server's [fc] max
 * fc.queue = 10                 # requests waiting for an instance; else [fc] queue
 * aiges.requestTimeout = 5000   # ms; else [aiges] requestTimeout
 * wrapper.some_key = value      # passed to the engine's init, as [wrapper] in aiges.toml
 * </pre>
 *
 * <p>Files written before these names still load: {@code form}, {@code artefact}, {@code class},
 * {@code licence}, {@code queue}, {@code requestTimeoutMs} and {@code maxBatch} are read as the
 * keys that replaced them, each with one deprecation warning per file.
 */
public final class ModelFolderSettings implements ModelFolderReader {
    static final String FILE = "config.properties";
    /** The files that name each form's engine, in the order they are looked for. */
    private static final Map<String, String> ENGINE_FILES = orderedMap("model.onnx", "onnx", "wrapper.py", "python",
            "libwrapper.so", "c");
    /** The keys {@code [engine]} gives each form's file, and the form each one implies. */
    static final Map<String, String> ARTEFACT_KEYS = orderedMap("engine.model", "onnx", "engine.library", "c",
            "engine.wrapper", "python", "engine.jar", "java");
    private static final String MAX_BATCH = "engine.maxBatch";
    /** Old name -> the {@code aiges.toml} name that replaced it. */
    static final Map<String, String> RENAMED = Map.of("form", "engine.form", "class", "engine.class",
            "licence", "fc.max", "queue", "fc.queue", "requestTimeoutMs", "aiges.requestTimeout",
            "maxBatch", MAX_BATCH);
    private static final String OLD_ARTEFACT = "artefact";

    private final Consumer<String> warnings;
    /** "file key" pairs already warned about: a model reloaded is not warned about again. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** @param warnings receives one line per deprecated key per file */
    public ModelFolderSettings(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    @Override
    public List<String> settingsFiles() {
        return List.of(FILE);
    }

    /** True when the folder holds one of the engine files (or anything, if the model has settings naming its engine). */
    @Override
    public boolean servable(Path version) {
        return ENGINE_FILES.keySet().stream().anyMatch(file -> Files.isRegularFile(version.resolve(file)))
                || Files.isRegularFile(version.getParent().resolve(FILE));
    }

    @Override
    public ServiceConfig service(String name, Path model, String version, ServiceConfig template) {
        Path folder = model.resolve(version);
        Path file = model.resolve(FILE);
        Properties props = properties(file);
        Map<String, Setting> values = current(props, file, name);
        String artefact = artefact(values, name);
        String form = value(values, "engine.form");
        if (form == null && artefact != null) {
            form = ARTEFACT_KEYS.entrySet().stream().filter(e -> values.containsKey(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (artefact == null) {
            artefact = ENGINE_FILES.keySet().stream().filter(f -> Files.isRegularFile(folder.resolve(f)))
                    .findFirst().orElse(null);
        }
        if (form == null) {
            form = artefact == null ? null : ENGINE_FILES.get(Path.of(artefact).getFileName().toString());
            if (form == null) {
                throw AigesError.WRAPPER_LOAD.exception("model " + name + " version " + version + ": " + folder
                        + " has none of " + List.copyOf(ENGINE_FILES.keySet()) + ", so " + FILE
                        + " must say its form (engine.form: c, python, java, onnx) and its file (such as engine.jar)");
            }
        }
        Map<String, String> wrapper = new HashMap<>();
        props.stringPropertyNames().stream().filter(key -> key.startsWith("wrapper."))
                .forEach(key -> wrapper.put(key.substring("wrapper.".length()), props.getProperty(key)));
        Map<String, String> options = new HashMap<>(template.engine().options());
        if (values.containsKey(MAX_BATCH)) {
            int maxBatch = number(values, MAX_BATCH, 1, name);
            if (maxBatch < 1) {
                throw AigesError.WRAPPER_LOAD.exception("model " + name + ": " + FILE + ": " + written(values, MAX_BATCH)
                        + " must be 1 or more, got " + maxBatch);
            }
            options.put("maxBatch", Integer.toString(maxBatch));
        }
        EngineSpec engine = new EngineSpec(name, form.strip(), artefact == null ? null : artefact.strip(),
                value(values, "engine.class"), wrapper, folder, options);
        int licence = number(values, "fc.max", template.pool().licence(), name);
        int queue = number(values, "fc.queue", template.pool().queueSize(), name);
        Duration timeout = Duration.ofMillis(number(values, "aiges.requestTimeout",
                (int) Math.min(Integer.MAX_VALUE, template.requestTimeout().toMillis()), name));
        try {
            // Inside: a licence of 0 is refused by the record, and is the model's mistake (10903).
            PoolConfig pool = new PoolConfig(licence, queue, template.pool().queueTimeout(), template.pool().readyWhen());
            return new ServiceConfig(name, engine, pool, timeout, template.sessions(), template.rateLimit(),
                    BatchConfig.OFF, template.clientLimits());
        } catch (IllegalArgumentException e) {
            throw AigesError.WRAPPER_LOAD.exception("model " + name + ": " + FILE + ": " + e.getMessage());
        }
    }

    /** One setting's value and the key the file wrote it under (an old name, perhaps), for messages. */
    private record Setting(String value, String writtenAs) {
    }

    /**
     * The settings under their current names; an old name counts as its new one (a warning the
     * first time), and a file that sets both is refused rather than one silently winning.
     */
    private Map<String, Setting> current(Properties props, Path file, String name) {
        Map<String, Setting> values = new HashMap<>();
        for (String key : props.stringPropertyNames()) {
            values.put(key, new Setting(props.getProperty(key), key));
        }
        for (Map.Entry<String, String> renamed : RENAMED.entrySet()) {
            String old = renamed.getKey();
            String now = renamed.getValue();
            if (!props.containsKey(old)) {
                continue;
            }
            if (props.containsKey(now)) {
                throw AigesError.WRAPPER_LOAD.exception("model " + name + ": " + FILE + " sets both " + old + " and "
                        + now + "; keep " + now);
            }
            deprecated(file, old, "write " + now + ", as aiges.toml's " + tomlName(now));
            values.put(now, new Setting(props.getProperty(old), old));
        }
        if (props.containsKey(OLD_ARTEFACT)) {
            deprecated(file, OLD_ARTEFACT, "write the [engine] key of its form: "
                    + String.join(", ", ARTEFACT_KEYS.keySet()));
        }
        return values;
    }

    /** The engine's file: one of the form keys, or the old {@code artefact}; two are one too many. */
    private static String artefact(Map<String, Setting> values, String name) {
        List<String> given = ARTEFACT_KEYS.keySet().stream().filter(values::containsKey).toList();
        if (given.size() > 1 || (!given.isEmpty() && values.containsKey(OLD_ARTEFACT))) {
            throw AigesError.WRAPPER_LOAD.exception("model " + name + ": " + FILE + " names more than one engine file ("
                    + String.join(", ", given) + (values.containsKey(OLD_ARTEFACT) ? ", " + OLD_ARTEFACT : "")
                    + "); keep one");
        }
        return value(values, given.isEmpty() ? OLD_ARTEFACT : given.getFirst());
    }

    private void deprecated(Path file, String key, String instead) {
        if (warned.add(file + " " + key)) {
            warnings.accept(file + ": " + key + " is deprecated; " + instead);
        }
    }

    /** {@code fc.max} as aiges.toml writes it: {@code [fc] max}. */
    private static String tomlName(String key) {
        int dot = key.indexOf('.');
        return "[" + key.substring(0, dot) + "] " + key.substring(dot + 1);
    }

    private static String value(Map<String, Setting> values, String key) {
        Setting setting = values.get(key);
        return setting == null ? null : setting.value();
    }

    private static String written(Map<String, Setting> values, String key) {
        Setting setting = values.get(key);
        return setting == null ? key : setting.writtenAs();
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

    private static int number(Map<String, Setting> values, String key, int fallback, String name) {
        String value = value(values, key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw AigesError.WRAPPER_LOAD.exception("model " + name + ": " + FILE + ": " + written(values, key)
                    + " must be a whole number, got '" + value + "'");
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
