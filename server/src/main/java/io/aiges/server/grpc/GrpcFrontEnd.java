package io.aiges.server.grpc;

import io.aiges.config.ConnectionLimits;
import io.aiges.config.GrpcConfig;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.server.auth.Authenticator;
import io.aiges.server.net.OpenConnections;
import io.aiges.server.ops.Metrics;
import io.aiges.server.tls.ServerTls;
import io.aiges.server.grpc.v1.AigesGrpc;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC front-end: {@code aiges.v1.Aiges} (one-shot and streaming inference) plus the standard
 * health service and server reflection, so {@code grpcurl} and load balancers work without the
 * proto file (reflection is off by default when {@code [auth]} is on, and needs a key when on). Listens on {@code [svcName] host:port}; messages are bounded by the HTTP body limit.
 */
public final class GrpcFrontEnd implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GrpcFrontEnd.class);
    /** How long calls in flight may finish on close before they are cancelled. */
    private static final long GRACE_MS = 1000;

    /** Calls one connection may have open at once: each holds a flow-control window of memory. */
    static final int MAX_CALLS_PER_CONNECTION = 256;
    /** RST_STREAM frames a connection may send per {@link #RST_WINDOW_SECONDS} (the HTTP/2 rapid-reset attack). */
    static final int MAX_RST_PER_WINDOW = 200;
    static final int RST_WINDOW_SECONDS = 10;
    /** Clients may ping to keep a connection alive this often at most; more gets GOAWAY. */
    static final long MIN_KEEPALIVE_SECONDS = 10;

    private final Server server;
    private final HealthStatusManager health;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;

    private GrpcFrontEnd(Server server, HealthStatusManager health, EventLoopGroup boss, EventLoopGroup workers) {
        this.server = server;
        this.health = health;
        this.boss = boss;
        this.workers = workers;
    }

    /**
     * Starts listening. Throws {@link IllegalStateException} when the address cannot be bound.
     *
     * @param maxMessageBytes the largest request message accepted (the HTTP body limit); larger
     *                        ones are refused by gRPC with RESOURCE_EXHAUSTED
     * @param connections     the server's open connections, shared with HTTP: past the cap, gRPC's are closed at accept
     * @param limits          how long a new connection may take to say hello ({@code [aiges] bodyTimeout})
     * @param idleTimeout     a connection without calls for this long is closed (zero: never)
     * @param authenticator   who may call ({@code [auth]}): asked for every call, and whether reflection is served
     * @param tls             TLS on this port too when enabled (mutual with {@code [tls] clientCa})
     * @param more            further services on the same port (the Open Inference Protocol's)
     */
    public static GrpcFrontEnd start(ServiceRegistry registry, GrpcConfig config, long maxMessageBytes, Metrics metrics,
                                     OpenConnections connections, ConnectionLimits limits, Duration idleTimeout,
                                     Authenticator authenticator, ServerTls tls, BindableService... more) {
        HealthStatusManager health = new HealthStatusManager();
        // Our own listening channel (NIO, on our own loops) so that every accepted connection is
        // counted against the shared cap before gRPC sets it up.
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
                .channelFactory(() -> new CappedServerChannel(connections))
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                .maxRstFramesPerWindow(MAX_RST_PER_WINDOW, RST_WINDOW_SECONDS)
                .permitKeepAliveTime(MIN_KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                .handshakeTimeout(limits.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (tls.enabled()) {
            builder.sslContext(tls.forGrpc());
        }
        if (!idleTimeout.isZero()) {
            builder.maxConnectionIdle(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        Arrays.stream(more).forEach(service -> builder.addService(UnreadableMessages.guard(service.bindService())));
        if (config.reflectionOn(authenticator.config())) {
            builder.addService(ProtoReflectionServiceV1.newInstance());
        }
        Server server = builder
                .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, maxMessageBytes))
                .intercept(new RemoteAddressInterceptor())
                .intercept(new GrpcAccess(authenticator, metrics))
                .addService(UnreadableMessages.guard(new AigesGrpcService(registry, metrics).bindService()))
                .addService(health.getHealthService())
                .build();
        try {
            server.start();
        } catch (IOException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException("cannot listen for gRPC on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        health.setStatus(AigesGrpc.SERVICE_NAME, ServingStatus.SERVING);
        Arrays.stream(more).forEach(service -> health.setStatus(
                service.bindService().getServiceDescriptor().getName(), ServingStatus.SERVING));
        log.info("gRPC{} listening on {}:{}", tls.enabled() ? " (TLS)" : "", config.host(), server.getPort());
        return new GrpcFrontEnd(server, health, boss, workers);
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
        } finally {
            // The server does not own loops it was given.
            boss.shutdownGracefully(0, GRACE_MS, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, GRACE_MS, TimeUnit.MILLISECONDS);
        }
    }
}
