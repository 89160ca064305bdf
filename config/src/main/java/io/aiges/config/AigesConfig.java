package io.aiges.config;

import io.aiges.engine.config.RepositoryConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.jobs.JobsConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything in {@code aiges.toml} that aiges acts on, already validated. Built by {@link ConfigLoader}
 * from the file (or from built-in defaults for {@code aiges demo}); the engine and the
 * front-ends only ever see this, never TOML.
 *
 * @param source  the file it was read from, or null for built-in defaults
 * @param service the one service this process serves ({@code -s svcName})
 * @param http    the HTTP and WebSocket front-end ({@code [wrapper] http_listen}, body limit)
 * @param grpc    the gRPC front-end ({@code [svcName] host/port})
 * @param drainTimeout how long a stopping process lets admitted requests and sessions finish
 *                     ({@code [aiges] drainTimeout} ms)
 * @param log     logging ({@code [log]})
 * @param jobs    async jobs: where they queue and their bounds ({@code [jobs]})
 * @param connections what one client connection may hold, over every front-end (see docs/security.md)
 * @param auth    who may call ({@code [auth]})
 * @param tls     TLS on every listener ({@code [tls]})
 * @param repository how a model repository's files are served ({@code [repository]})
 */
public record AigesConfig(Path source, ServiceConfig service, HttpConfig http, GrpcConfig grpc, Duration drainTimeout,
                          LogConfig log, JobsConfig jobs, ConnectionLimits connections, AuthConfig auth,
                          TlsConfig tls, RepositoryConfig repository) {
    /** The default drain deadline: long enough for slow one-shot requests, short of most orchestrators' kill. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(20);

    public AigesConfig {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(grpc, "grpc");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(repository, "repository");
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative");
        }
    }

    /** Open to anyone, in plain text. */
    public AigesConfig(Path source, ServiceConfig service, HttpConfig http, GrpcConfig grpc, Duration drainTimeout,
                       LogConfig log, JobsConfig jobs, ConnectionLimits connections) {
        this(source, service, http, grpc, drainTimeout, log, jobs, connections, AuthConfig.NONE, TlsConfig.OFF);
    }

    /** With the default repository rules: links out of a model repository are refused. */
    public AigesConfig(Path source, ServiceConfig service, HttpConfig http, GrpcConfig grpc, Duration drainTimeout,
                       LogConfig log, JobsConfig jobs, ConnectionLimits connections, AuthConfig auth,
                       TlsConfig tls) {
        this(source, service, http, grpc, drainTimeout, log, jobs, connections, auth, tls, RepositoryConfig.DEFAULTS);
    }

    /** This configuration with {@code auth} instead of its own. */
    public AigesConfig withAuth(AuthConfig auth) {
        return new AigesConfig(source, service, http, grpc, drainTimeout, log, jobs, connections, auth, tls, repository);
    }

    /** This configuration with {@code tls} instead of its own. */
    public AigesConfig withTls(TlsConfig tls) {
        return new AigesConfig(source, service, http, grpc, drainTimeout, log, jobs, connections, auth, tls, repository);
    }

    /** With the default connection limits. */
    public AigesConfig(Path source, ServiceConfig service, HttpConfig http, GrpcConfig grpc, Duration drainTimeout,
                       LogConfig log, JobsConfig jobs) {
        this(source, service, http, grpc, drainTimeout, log, jobs, ConnectionLimits.DEFAULTS);
    }

    /** This configuration with {@code repository} instead of its own. */
    public AigesConfig withRepository(RepositoryConfig repository) {
        return new AigesConfig(source, service, http, grpc, drainTimeout, log, jobs, connections, auth, tls, repository);
    }

    /** This configuration with {@code limits} instead of its own. */
    public AigesConfig withConnections(ConnectionLimits limits) {
        return new AigesConfig(source, service, http, grpc, drainTimeout, log, jobs, limits, auth, tls, repository);
    }

    /** With jobs queued in this process (no {@code [jobs]} section). */
    public AigesConfig(Path source, ServiceConfig service, HttpConfig http, GrpcConfig grpc, Duration drainTimeout,
                       LogConfig log) {
        this(source, service, http, grpc, drainTimeout, log, JobsConfig.DEFAULTS);
    }

    public AigesConfig(Path source, ServiceConfig service, HttpConfig http, GrpcConfig grpc) {
        this(source, service, http, grpc, DEFAULT_DRAIN_TIMEOUT, LogConfig.CONSOLE);
    }

    /** HTTP and WebSocket only, no gRPC. */
    public AigesConfig(Path source, ServiceConfig service, HttpConfig http) {
        this(source, service, http, GrpcConfig.OFF);
    }
}
