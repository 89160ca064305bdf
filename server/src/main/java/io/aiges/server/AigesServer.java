package io.aiges.server;

import io.aiges.config.AigesConfig;
import io.aiges.config.ConnectionLimits;
import io.aiges.config.HttpConfig;
import io.aiges.config.ModelFolderSettings;
import io.aiges.engine.jobs.JobsConfig;
import io.aiges.engine.service.EngineForms;
import io.aiges.engine.repository.ModelRepository;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.server.auth.Authenticator;
import io.aiges.server.auth.KeysFileException;
import io.aiges.server.grpc.GrpcFrontEnd;
import io.aiges.server.net.ConnectionGuard;
import io.aiges.server.net.OpenConnections;
import io.aiges.server.ops.Metrics;
import io.aiges.server.ops.Readiness;
import io.aiges.server.http.HttpFrontEnd;
import io.aiges.server.oip.Inference;
import io.aiges.server.oip.ModelVersions;
import io.aiges.server.oip.OipGrpcService;
import io.aiges.server.oip.OipModels;
import io.aiges.server.oip.OipRoutes;
import io.aiges.server.oip.RepositoryApi;
import io.aiges.server.jobs.JobsRuntime;
import io.aiges.server.tls.ServerTls;
import io.vertx.core.DeploymentOptions;
import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A running aiges process: the configured services' engines (and a model repository's models)
 * loaded and its front-ends listening: the AIGES API, gRPC and the Open Inference Protocol.
 * {@link #start} returns once every listener is bound; {@link #close} stops them and retires the
 * engine.
 */
public final class AigesServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AigesServer.class);
    /** How long a stopping server keeps refusing (10110) after its admitted work has ended. */
    private static final Duration CLOSE_LINGER = Duration.ofMillis(300);

    private final Vertx vertx;
    private final ServiceRegistry registry;
    private final HttpServer http;
    /** Null when the config does not enable gRPC. */
    private final GrpcFrontEnd grpc;
    private final Metrics metrics;
    private final Readiness readiness;
    private final JobsRuntime jobs;
    private final OpenConnections connections;

    private AigesServer(Vertx vertx, ServiceRegistry registry, HttpServer http, GrpcFrontEnd grpc, Metrics metrics,
                        Readiness readiness, JobsRuntime jobs, OpenConnections connections) {
        this.connections = connections;
        this.vertx = vertx;
        this.registry = registry;
        this.http = http;
        this.grpc = grpc;
        this.metrics = metrics;
        this.readiness = readiness;
        this.jobs = jobs;
    }

    /**
     * Loads the engine and starts the front-ends. Throws {@link io.aiges.engine.AigesException}
     * when the engine does not load and {@link IllegalStateException} when a port cannot be bound.
     */
    public static AigesServer start(AigesConfig config) {
        return start(config, ServedModels.of(config));
    }

    /**
     * Serves {@code models}; {@code config} gives the listeners, and the pool and timeouts a
     * repository's models get unless their own configuration says otherwise.
     */
    public static AigesServer start(AigesConfig config, ServedModels models) {
        // Before any engine loads: a keys file or certificate that cannot be used is found in milliseconds.
        Authenticator authenticator;
        try {
            authenticator = Authenticator.of(config.auth());
        } catch (KeysFileException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        ServerTls tls = ServerTls.load(config.tls());
        ServiceRegistry registry = ServiceRegistry.open(models.services(), EngineForms.onClassPath());
        ModelRepository repository = null;
        if (models.repository() != null) {
            repository = new ModelRepository(models.repository(), config.repository(), new ModelFolderSettings(log::warn),
                    config.service(), registry, config.drainTimeout());
            try {
                repository.loadAll();
            } catch (RuntimeException e) {
                registry.close();
                throw e;
            }
        }
        Metrics metrics = new Metrics(registry);
        Readiness readiness = new Readiness();
        Vertx vertx = Vertx.vertx();
        JobsRuntime jobs = null;
        try {
            Inference inference = new Inference(new OipModels(registry,
                    repository == null ? ModelVersions.NONE : repository::version));
            RepositoryApi repositoryApi = new RepositoryApi(repository, models.modelControl());
            jobs = JobsRuntime.open(config.jobs());
            metrics.watchJobs(registry, jobs.queue()::pending);
            OpenConnections connections = new OpenConnections(config.connections().maxConnections());
            metrics.watchConnections(connections);
            HttpServer http = listen(vertx, registry, config.http(), metrics, readiness, inference, repositoryApi,
                    jobs, config.jobs(), connections, config.connections(), authenticator, tls);
            GrpcFrontEnd grpc = config.grpc().enabled()
                    ? GrpcFrontEnd.start(registry, config.grpc(), config.http().maxBodyBytes(), metrics,
                    connections, config.connections(), config.http().idleTimeout(), authenticator, tls,
                    new OipGrpcService(inference, readiness, metrics, Version.current(), repositoryApi))
                    : null;
            tls.watch(vertx);
            OpenServiceWarning.check(config, authenticator);
            jobs.startWorkers(registry, config.http().maxBodyBytes());
            readiness.ready();
            return new AigesServer(vertx, registry, http, grpc, metrics, readiness, jobs, connections);
        } catch (RuntimeException e) {
            if (jobs != null) {
                jobs.close();
            }
            vertx.close();
            registry.close();
            metrics.close();
            throw e;
        }
    }

    private static HttpServer listen(Vertx vertx, ServiceRegistry registry, HttpConfig httpConfig, Metrics metrics,
                                     Readiness readiness, Inference inference, RepositoryApi repository,
                                     JobsRuntime jobs, JobsConfig jobsConfig, OpenConnections connections,
                                     ConnectionLimits limits, Authenticator authenticator, ServerTls tls) {
        HttpFrontEnd front = HttpFrontEnd.open(vertx, registry, httpConfig, Version.current(), metrics, readiness,
                jobs.queue(), jobsConfig, limits, authenticator);
        Handler<HttpConnection> guard = guard(connections, limits, metrics);
        OipRoutes.mount(front.router(), inference, readiness, repository, metrics, Version.current(), httpConfig.maxBodyBytes(),
                front.bodyBudget());
        try {
            HttpServer first = listenOnEveryLoop(vertx, httpConfig, front, guard, tls, limits);
            log.info("{} listening on {}:{} ({} event loops)", tls.enabled() ? "HTTPS" : "HTTP", httpConfig.host(),
                    first.actualPort(),
                    httpConfig.eventLoops());
            return first;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot listen on " + httpConfig.host() + ":" + httpConfig.port()
                    + ": " + cause.getMessage(), cause);
        }
    }

    /**
     * One server per event loop, all on one port: Vert.x binds the socket once and hands each new
     * connection to the next server, so connections spread over the loops. Vert.x shares a socket
     * between servers asking for the same port number, and port 0 would give each its own port:
     * for port 0 (tests, "any free port") a free port is found first, and looked for again in the
     * unlikely case another process takes it before the bind.
     */
    private static HttpServer listenOnEveryLoop(Vertx vertx, HttpConfig httpConfig, HttpFrontEnd front,
                                                Handler<HttpConnection> guard, ServerTls tls,
                                                ConnectionLimits limits) {
        for (int attempt = 1; ; attempt++) {
            int port = httpConfig.port() == 0 ? freePort(httpConfig.host()) : httpConfig.port();
            List<HttpServer> servers = new CopyOnWriteArrayList<>();
            try {
                // A verticle instance per loop: Vert.x gives each its own event loop (servers created
                // from one plain thread would all share that thread's one context).
                vertx.deployVerticle(() -> new VerticleBase() {
                    @Override
                    public Future<?> start() {
                        return listen(vertx, httpConfig, port, front, guard, tls, limits).onSuccess(servers::add);
                    }
                }, new DeploymentOptions().setInstances(httpConfig.eventLoops()))
                        .toCompletionStage().toCompletableFuture().join();
                return servers.getFirst();
            } catch (RuntimeException e) {
                if (httpConfig.port() != 0 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What every new HTTP connection goes through first: counted against the shared cap (closed
     * at once past it), and guarded at the socket against slow requests and unread answers.
     */
    private static Handler<HttpConnection> guard(OpenConnections connections, ConnectionLimits limits,
                                                 Metrics metrics) {
        ConnectionGuard.Events events = new ConnectionGuard.Events() {
            @Override
            public void slowRequest() {
                metrics.connectionClosed("http", "slow_request");
            }

            @Override
            public void unreadAnswers(boolean webSocket) {
                metrics.connectionClosed(webSocket ? "websocket" : "http", "unread_answers");
            }
        };
        return connection -> {
            Channel channel = ConnectionGuard.channelOf(connection);
            if (!connections.tryOpen("http")) {
                channel.close();
                return;
            }
            channel.closeFuture().addListener(closed -> connections.closed());
            ConnectionGuard.install(channel, limits.readTimeout().toMillis(), limits.maxQueuedBytes(), events);
        };
    }

    private static Future<HttpServer> listen(Vertx vertx, HttpConfig httpConfig, int port, HttpFrontEnd front,
                                             Handler<HttpConnection> guard, ServerTls tls, ConnectionLimits limits) {
        return vertx.createHttpServer(tls.onHttp(new HttpServerOptions()
                        .setHost(httpConfig.host())
                        .setPort(port)
                        // No cleartext HTTP/2: after an "Upgrade: h2c" the JDK's HttpClient (which asks
                        // for it by default) hung on answers over about 32 KB (/metrics, /openapi.json),
                        // and curl gives up on them. Clients get HTTP/1.1; gRPC has its own port.
                        .setHttp2ClearTextEnabled(false)
                        .setMaxWebSocketFrameSize((int) Math.min(Integer.MAX_VALUE, httpConfig.maxBodyBytes()))
                        .setMaxWebSocketMessageSize((int) Math.min(Integer.MAX_VALUE, httpConfig.maxBodyBytes()))
                        // Closes connections silent both ways for this long (0: never), so clients that
                        // connect and go quiet do not hold connections for good.
                        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, httpConfig.idleTimeout().toMillis()))
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS), limits.readTimeout()))
                .connectionHandler(guard)
                .requestHandler(front)
                .listen();
    }

    /** The bound HTTP port (useful when the config asked for port 0). */
    public int httpPort() {
        return http.actualPort();
    }

    /** The bound gRPC port; only when the config enables gRPC. */
    public int grpcPort() {
        if (grpc == null) {
            throw new IllegalStateException("gRPC is not enabled in this server's configuration");
        }
        return grpc.port();
    }

    /** Client connections open now, over every front-end ({@code aiges_connections_open}). */
    public int openConnections() {
        return connections.open();
    }

    public ServiceRegistry services() {
        return registry;
    }

    /** Stops reporting ready ({@code /health/ready} answers 503), so load balancers drain this process. */
    public void drain() {
        readiness.draining();
    }

    /**
     * The graceful stop: readiness turns false and new work is refused (10110, HTTP 503), admitted
     * requests and open sessions get until {@code deadline} to finish, then everything closes.
     */
    public void shutdown(Duration deadline) {
        drain();
        // Queued jobs stay in the store for other processes; the ones running here get the deadline.
        jobs.stopTaking();
        try {
            long end = System.nanoTime() + deadline.toNanos();
            registry.drain(deadline);
            jobs.awaitRunning(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
            // Clients that sent just as the last admitted request ended get their clear refusal
            // (and "Connection: close") before the listeners go away.
            long linger = Math.min(CLOSE_LINGER.toNanos(), end - System.nanoTime());
            if (linger > 0) {
                TimeUnit.NANOSECONDS.sleep(linger);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    /** Stops being ready, stops listening, then retires the engines, at once. */
    @Override
    public void close() {
        drain();
        try {
            try {
                if (grpc != null) {
                    grpc.close();
                }
            } finally {
                jobs.close();
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        } finally {
            registry.close();
            metrics.close();
        }
    }
}
