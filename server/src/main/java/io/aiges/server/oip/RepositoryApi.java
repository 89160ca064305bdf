package io.aiges.server.oip;

import io.aiges.engine.repository.ModelRepository;

/**
 * The model repository as the protocol's repository extension reaches it: {@code index} whenever
 * the server serves a repository, {@code load} and {@code unload} only when {@code control} is on
 * ({@code aiges serve --model-control}): off by default, since whoever reaches the port could
 * otherwise swap the models it serves.
 *
 * @param repository null when the server serves no repository
 */
public record RepositoryApi(ModelRepository repository, boolean control) {
}
