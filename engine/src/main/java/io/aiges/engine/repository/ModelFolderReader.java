package io.aiges.engine.repository;

import io.aiges.engine.config.ServiceConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * What a model's folder serves, read from its files. The repository finds model and version
 * folders and keeps them inside itself; what the files in them say is read by one reader, the
 * config module's {@code ModelFolderSettings}, with the key names of {@code aiges.toml}. An
 * interface here because the config module builds on the engine, not the other way round.
 */
public interface ModelFolderReader {

    /** The files beside a model's version folders that {@link #service} reads ({@code config.properties}). */
    List<String> settingsFiles();

    /** Whether a version folder holds something to serve. */
    boolean servable(Path version);

    /**
     * The service that version {@code version} of model {@code name} (in folder {@code model}) serves.
     *
     * @param template what the server's own file sets, for everything the model's settings leave out
     * @throws io.aiges.engine.AigesException 10903 when the settings say nothing usable
     */
    ServiceConfig service(String name, Path model, String version, ServiceConfig template);
}
