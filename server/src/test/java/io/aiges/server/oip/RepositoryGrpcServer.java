package io.aiges.server.oip;

import io.aiges.engine.config.GrpcConfig;
import io.aiges.engine.repository.ModelRepository;
import io.aiges.engine.service.EngineForms;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.server.Version;
import io.aiges.server.grpc.GrpcFrontEnd;
import io.aiges.server.ops.Metrics;
import io.aiges.server.ops.Readiness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The gRPC front-end serving a model repository, put together from the parts
 * {@link io.aiges.server.AigesServer} starts it with (the registry, the repository, the real
 * {@link GrpcFrontEnd} on a free loopback port) plus the {@link RepositoryApi} the repository
 * calls need, which {@code AigesServer} does not hand to {@link OipGrpcService} yet. Once it
 * does, the tests can use {@link OipServer#start} instead.
 */
final class RepositoryGrpcServer implements AutoCloseable {
    private final ServiceRegistry registry;
    private final Metrics metrics;
    private final GrpcFrontEnd grpc;

    private RepositoryGrpcServer(ServiceRegistry registry, Metrics metrics, GrpcFrontEnd grpc) {
        this.registry = registry;
        this.metrics = metrics;
        this.grpc = grpc;
    }

    /** Serves every model of {@code folder} (none when null), allowing load and unload when {@code control}. */
    static RepositoryGrpcServer start(Path folder, boolean control) {
        ServiceRegistry registry = ServiceRegistry.open(List.of(), EngineForms.onClassPath());
        Metrics metrics = new Metrics(registry);
        try {
            ModelRepository repository = null;
            if (folder != null) {
                repository = new ModelRepository(folder, OipServer.echo(), registry, Duration.ofSeconds(2));
                repository.loadAll();
            }
            Inference inference = new Inference(new OipModels(registry,
                    repository == null ? ModelVersions.NONE : repository::version));
            Readiness readiness = new Readiness();
            OipGrpcService service = new OipGrpcService(inference, readiness, metrics, Version.current(),
                    new RepositoryApi(repository, control));
            GrpcFrontEnd grpc = GrpcFrontEnd.start(registry, new GrpcConfig(true, "127.0.0.1", 0),
                    OipServer.BODY_LIMIT, metrics, service);
            readiness.ready();
            return new RepositoryGrpcServer(registry, metrics, grpc);
        } catch (RuntimeException e) {
            registry.close();
            metrics.close();
            throw e;
        }
    }

    int port() {
        return grpc.port();
    }

    @Override
    public void close() {
        try {
            grpc.close();
        } finally {
            registry.close();
            metrics.close();
        }
    }
}
