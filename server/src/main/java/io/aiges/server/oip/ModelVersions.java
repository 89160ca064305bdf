package io.aiges.server.oip;

import java.util.Optional;

/**
 * The version a served model answers as: the model repository's folder for models it loaded,
 * {@link #DEFAULT} for services of {@code aiges.toml}, which have no versions.
 */
@FunctionalInterface
public interface ModelVersions {
    String DEFAULT = "1";

    /** None served from the repository: every model is version {@link #DEFAULT}. */
    ModelVersions NONE = model -> Optional.empty();

    Optional<String> of(String model);
}
