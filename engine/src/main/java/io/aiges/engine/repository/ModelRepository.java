package io.aiges.engine.repository;

import io.aiges.api.ClientText;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.RepositoryConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.service.ServiceNames;
import io.aiges.engine.service.ServiceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A folder of models served with no configuration: {@code DIR/{name}/{version}/model.onnx} (or an
 * engine folder of another form, as the {@link ModelFolderReader} reads it), each model served as the service
 * {@code name} at one version: its highest numeric one, unless the model's settings allow fewer
 * ({@link ModelFolderReader#servedVersion}, a Triton {@code version_policy}). Models are loaded into a {@link ServiceRegistry}
 * at start and, when the server allows it, loaded, reloaded and unloaded while it runs.
 *
 * <pre>{@code
 * ModelRepository repository = new ModelRepository(Path.of("models"), folders, template, registry, drain);
 * repository.loadAll();            // serves models/mnist/1/model.onnx as model "mnist", version "1"
 * repository.unload("mnist");
 * }</pre>
 */
public final class ModelRepository {
    private static final Logger log = LoggerFactory.getLogger(ModelRepository.class);

    private final Path root;
    private final ModelFolderReader folders;
    private final ServiceConfig template;
    private final ServiceRegistry registry;
    private final Duration unloadDrain;
    /** Null when links out of the repository are followed ({@code [repository] followSymlinks}). */
    private final ContainedFiles contained;
    /** Served model -> its version. */
    private final Map<String, String> loaded = new ConcurrentHashMap<>();
    /** Model -> why its last load failed. */
    private final Map<String, String> failed = new ConcurrentHashMap<>();

    /**
     * @param template the pool, timeouts, sessions and per-client limits every model gets unless its own
     *                 {@code config.properties} says otherwise
     * @param rules    whether files whose real path is outside {@code root} are served
     * @param folders  reads what each model folder serves
     */
    public ModelRepository(Path root, RepositoryConfig rules, ModelFolderReader folders, ServiceConfig template,
                           ServiceRegistry registry, Duration unloadDrain) {
        this.root = root.toAbsolutePath().normalize();
        this.folders = folders;
        this.template = template;
        this.registry = registry;
        this.unloadDrain = unloadDrain;
        this.contained = rules.followSymlinks() ? null : new ContainedFiles(this.root, folders.settingsFiles());
    }

    /** Refusing links out of the repository ({@link RepositoryConfig#DEFAULTS}). */
    public ModelRepository(Path root, ModelFolderReader folders, ServiceConfig template, ServiceRegistry registry,
                           Duration unloadDrain) {
        this(root, RepositoryConfig.DEFAULTS, folders, template, registry, unloadDrain);
    }

    /** One model of the repository as {@code POST /v2/repository/index} lists it. */
    public record Entry(String name, String version, State state, String reason) {
    }

    public enum State { READY, UNAVAILABLE }

    /** Loads every model in the folder; the first that fails to load fails the whole start. */
    public void loadAll() {
        for (String name : names()) {
            load(name);
        }
    }

    /** The model folders, sorted; a folder with no version folder is not a model. */
    public List<String> names() {
        try (Stream<Path> folders = Files.list(root)) {
            return folders.filter(Files::isDirectory)
                    .map(folder -> folder.getFileName().toString())
                    .filter(ServiceNames::isValid)
                    .filter(name -> !versions(name).isEmpty())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the model repository " + root, e);
        }
    }

    /**
     * Loads (or reloads) the model's highest version (that its settings allow). A reload loads the new engine before the
     * old one goes, so the model is never missing for long; 10404 when the folder has no such
     * model, 10903 when it does not load (the version served before, if any, stays).
     */
    public synchronized void load(String name) {
        List<String> versions = versions(checked(name));
        if (versions.isEmpty()) {
            throw AigesError.SERVICE_NOT_FOUND.exception("the model repository has no model '" + ClientText.cut(name)
                    + "' (a folder " + ClientText.cut(name) + "/<version>/ with a model.onnx or an engine)");
        }
        String version = versions.getLast();
        ServiceConfig config;
        try {
            if (contained != null) {
                // Before the settings files are read: what they say may reach an error message.
                contained.checkFolders(name, version);
            }
            String chosen = folders.servedVersion(name, root.resolve(name), versions);
            if (contained != null && !chosen.equals(version)) {
                contained.checkFolders(name, chosen);
            }
            version = chosen;
            config = folders.service(name, root.resolve(name), version, template);
            if (contained != null) {
                contained.checkArtefact(name, version, config.engine().artefact());
            }
        } catch (AigesException e) {
            throw failed(name, e);
        }
        try {
            if (loaded.containsKey(name)) {
                registry.replace(config, unloadDrain);
            } else {
                registry.add(config);
            }
        } catch (AigesException e) {
            throw failed(name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failed.remove(name);
        loaded.put(name, version);
        log.info("model {} version {} loaded from {}", name, version, root.resolve(name).resolve(version));
    }

    /**
     * A load that failed, as clients are told it: repository load calls and the index answer
     * clients, and the server's own folders are none of theirs, so paths are shown from the
     * repository's root ({@code mnist/1/model.onnx}); the log keeps the whole message.
     */
    private AigesException failed(String name, AigesException e) {
        String message = e.getMessage();
        String shown = message.replace(root + File.separator, "").replace(root.toString(), "the model repository");
        failed.put(name, shown);
        if (shown.equals(message)) {
            return e;
        }
        log.warn("model {} did not load: {}", name, message);
        return new AigesException(e.error(), shown, e);
    }

    /** Stops serving the model, letting admitted requests finish; 10404 when it is not served. */
    public synchronized void unload(String name) {
        if (loaded.remove(checked(name)) == null) {
            throw AigesError.SERVICE_NOT_FOUND.exception("model '" + ClientText.cut(name) + "' is not loaded");
        }
        try {
            registry.remove(name, unloadDrain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The version served, if the model is loaded from this repository. */
    public Optional<String> version(String name) {
        return Optional.ofNullable(loaded.get(name));
    }

    /** Every model in the folder, and every one loaded though its folder is gone, with its state. */
    public List<Entry> index() {
        Map<String, Entry> entries = new TreeMap<>();
        for (String name : names()) {
            String served = loaded.get(name);
            entries.put(name, served != null ? new Entry(name, served, State.READY, "")
                    : new Entry(name, versions(name).isEmpty() ? "" : versions(name).getLast(), State.UNAVAILABLE,
                    failed.getOrDefault(name, "not loaded")));
        }
        loaded.forEach((name, version) -> entries.putIfAbsent(name, new Entry(name, version, State.READY, "")));
        return new ArrayList<>(entries.values());
    }

    private static String checked(String name) {
        if (!ServiceNames.isValid(name)) {
            throw AigesError.SERVICE_NOT_FOUND.exception("'" + ClientText.cut(name)
                    + "' is not a model name (" + ServiceNames.RULE + ")");
        }
        return name;
    }

    /** The version folders that hold something servable, lowest first. */
    private List<String> versions(String name) {
        try {
            return VersionFolders.of(root.resolve(name), folders::servable);
        } catch (IOException e) {
            return List.of();
        }
    }
}
