package io.aiges.server;

import io.aiges.config.AigesConfig;
import io.aiges.engine.config.ServiceConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * What a server serves besides its front-ends: the services configured by name (each on
 * {@code /v1/{name}} and as OIP model {@code name}), and optionally a model repository folder
 * whose models are loaded at start, with runtime load and unload allowed only when
 * {@code modelControl} is on.
 *
 * @param repository null for none
 */
public record ServedModels(List<ServiceConfig> services, Path repository, boolean modelControl) {
    public ServedModels {
        services = List.copyOf(services);
    }

    /** The one service of {@code aiges.toml}, no repository: what {@code aiges -m 0} serves. */
    public static ServedModels of(AigesConfig config) {
        return new ServedModels(List.of(config.service()), null, false);
    }
}
