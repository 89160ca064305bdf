package io.aiges.server.grpc;

import io.aiges.engine.config.GrpcConfig;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.server.ops.Metrics;
import io.aiges.server.grpc.v1.AigesGrpc;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC front-end: {@code aiges.v1.Aiges} (one-shot and streaming inference) plus the standard
 * health service and server reflection, so {@code grpcurl} and load balancers work without the
 * proto file. Listens on {@code [svcName] host:port}; messages are bounded by the HTTP body limit.
 */
public final class GrpcFrontEnd implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GrpcFrontEnd.class);
    /** How long calls in flight may finish on close before they are cancelled. */
    private static final long GRACE_MS = 1000;

    private final Server server;
    private final HealthStatusManager health;

    private GrpcFrontEnd(Server server, HealthStatusManager health) {
        this.server = server;
        this.health = health;
    }

    /**
     * Starts listening. Throws {@link IllegalStateException} when the address cannot be bound.
     *
     * @param maxMessageBytes the largest request message accepted (the HTTP body limit); larger
     *                        ones are refused by gRPC with RESOURCE_EXHAUSTED
     * @param more            further services on the same port (the Open Inference Protocol's)
     */
    public static GrpcFrontEnd start(ServiceRegistry registry, GrpcConfig config, long maxMessageBytes, Metrics metrics,
                                     BindableService... more) {
        HealthStatusManager health = new HealthStatusManager();
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()));
        Arrays.stream(more).forEach(builder::addService);
        Server server = builder
                .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, maxMessageBytes))
                .intercept(new RemoteAddressInterceptor())
                .addService(new AigesGrpcService(registry, metrics))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for gRPC on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        health.setStatus(AigesGrpc.SERVICE_NAME, ServingStatus.SERVING);
        Arrays.stream(more).forEach(service -> health.setStatus(
                service.bindService().getServiceDescriptor().getName(), ServingStatus.SERVING));
        log.info("gRPC listening on {}:{}", config.host(), server.getPort());
        return new GrpcFrontEnd(server, health);
    }

    /** The bound port (useful when the config asked for port 0). */
    public int port() {
        return server.getPort();
    }

    /** Reports NOT_SERVING, lets calls in flight finish for a moment, then cancels the rest. */
    @Override
    public void close() {
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(GRACE_MS, TimeUnit.MILLISECONDS)) {
                server.shutdownNow().awaitTermination(GRACE_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
