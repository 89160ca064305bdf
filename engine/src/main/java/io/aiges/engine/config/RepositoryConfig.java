package io.aiges.engine.config;

/**
 * How a model repository ({@code aiges serve --model-repository DIR}) treats its files
 * ({@code [repository]} in {@code aiges.toml}).
 *
 * @param followSymlinks serve a model folder or file whose real path is outside the repository
 *                       (a symbolic link out of it); off by default, so that whoever may write a link
 *                       into the repository cannot make the server load, and show, any file it can read
 */
public record RepositoryConfig(boolean followSymlinks) {
    /** Links that stay inside the repository are followed; links out of it are refused. */
    public static final RepositoryConfig DEFAULTS = new RepositoryConfig(false);
}
