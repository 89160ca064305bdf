package io.aiges.server.ops;

import io.aiges.engine.AigesException;
import io.aiges.engine.service.OnceResult;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.server.auth.Caller;
import io.aiges.server.net.OpenConnections;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * What aiges tells Prometheus ({@code GET /metrics}): requests by service, front-end and
 * result code with their latency, split into queue wait and engine time; request sizes; the
 * instance pool and open sessions of every service; JVM and process metrics. Names follow
 * Prometheus conventions (base units, {@code _seconds}, {@code _bytes}); see docs/operations.md.
 */
public final class Metrics implements AutoCloseable {
    /** The service label of requests for a service that is not served (their name is the client's). */
    public static final String UNKNOWN_SERVICE = "unknown";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /**
     * The meters each request records into, found by a plain map lookup: building a meter's id
     * from a builder on every request and looking it up in the registry costs allocations on the
     * hot path. Bounded: services and front-ends are fixed, codes are the AIGES codes.
     */
    private final Map<Key, Timer> meters = new ConcurrentHashMap<>();
    private final Map<Key, DistributionSummary> sizes = new ConcurrentHashMap<>();

    private final Map<Key, Counter> frames = new ConcurrentHashMap<>();
    private final Map<SessionKey, Timer> sessions = new ConcurrentHashMap<>();
    private final Map<ClientKey, Counter> clientRequests = new ConcurrentHashMap<>();

    private OpenConnections connections;

    private record Key(String meter, String service, String frontEnd, int code) {
    }

    private record ClientKey(String client, String service, int code) {
    }

    private record SessionKey(String service, String frontEnd, String code) {
    }

    public Metrics(ServiceRegistry services) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        services.all().forEach(service -> watch(services, service));
        services.onServed(service -> watch(services, service));
    }

    /**
     * The per-service gauges and counters. They look the service up by name when scraped, so they
     * follow a model reloaded at run time (a new {@link Service} under the same name) and read
     * NaN once it is unloaded; registering a name twice returns the meters already there.
     */
    private void watch(ServiceRegistry services, Service service) {
        String name = service.name();
        Gauge.builder("aiges.instances", () -> current(services, name, s -> s.pool().size()))
                .description("engine instances alive (the licence, [fc] max)").tag("service", name).register(registry);
        Gauge.builder("aiges.instances.idle", () -> current(services, name, s -> s.pool().idleCount()))
                .description("engine instances not lent out").tag("service", name).register(registry);
        Gauge.builder("aiges.requests.waiting", () -> current(services, name, s -> s.pool().waitingCount()))
                .description("requests waiting for a free instance").tag("service", name).register(registry);
        Gauge.builder("aiges.sessions.active", () -> current(services, name, s -> s.sessions().size()))
                .description("open streaming sessions").tag("service", name).register(registry);
        FunctionCounter.builder("aiges.engine.restarts", services, r -> current(r, name, Service::engineRestarts))
                .description("engine processes restarted after dying (python workers, isolated C engines)")
                .tag("service", name).register(registry);
        // The client is no label: appids and addresses are unbounded, so only the limit is.
        clientLimited(services, name, "sessions", s -> s.clientLimits().refusedSessions());
        clientLimited(services, name, "requests", s -> s.clientLimits().refusedRequests());
        if (service.batching()) {
            // Two counters, not a histogram: their ratio is the mean batch size, at no cost per request.
            FunctionCounter.builder("aiges.batches", services, r -> current(r, name, Service::batchesRun))
                    .description("batches sent to the engine ([batching])").tag("service", name).register(registry);
            FunctionCounter.builder("aiges.batched.requests", services, r -> current(r, name, Service::batchedRequests))
                    .description("requests sent to the engine in batches").tag("service", name).register(registry);
        }
    }

    private void clientLimited(ServiceRegistry services, String name, String limit, ToDoubleFunction<Service> refused) {
        FunctionCounter.builder("aiges.client.limited", services, r -> current(r, name, refused))
                .description("refused with 10110: one client over its own limit ([fc] maxSessionsPerClient, maxRequestsPerClient)")
                .tags("service", name, "limit", limit).register(registry);
    }

    private static double current(ServiceRegistry services, String name, ToDoubleFunction<Service> value) {
        try {
            return value.applyAsDouble(services.get(name));
        } catch (AigesException unloaded) {
            return Double.NaN;
        }
    }

    /**
     * {@code aiges_jobs_pending}: jobs of each service waiting or running. With Redis every process
     * reports the same shared count, which autoscaling reads as a queue length.
     */
    public void watchJobs(ServiceRegistry services, ToLongFunction<String> pending) {
        services.all().forEach(service -> jobsGauge(service.name(), pending));
        services.onServed(service -> jobsGauge(service.name(), pending));
    }

    /**
     * {@code aiges_connections_open} and {@code aiges_connections_max} over every front-end, and
     * {@code aiges_connections_refused_total}: connections closed at accept past the cap.
     */
    public void watchConnections(OpenConnections connections) {
        Gauge.builder("aiges.connections.open", connections, OpenConnections::open).strongReference(true)
                .description("client connections open, HTTP, WebSocket and gRPC together").register(registry);
        Gauge.builder("aiges.connections.max", connections, OpenConnections::max).strongReference(true)
                .description("the cap on open connections ([aiges] maxConnections)").register(registry);
        // The counter holds its object weakly: this field keeps it for as long as the metrics live.
        this.connections = connections;
        FunctionCounter.builder("aiges.connections.refused", connections, OpenConnections::refused)
                .description("connections closed at accept because maxConnections were open").register(registry);
    }

    /**
     * {@code aiges_connections_closed_total{frontend,reason}}: connections aiges closed because a
     * client went past a bound (a slow request, unread answers, a WebSocket message too large or
     * too slow). The reasons are a fixed set.
     */
    public void connectionClosed(String frontEnd, String reason) {
        Counter.builder("aiges.connections.closed").description("connections closed for going past a bound")
                .tag("frontend", frontEnd).tag("reason", reason).register(registry).increment();
    }

    private void jobsGauge(String service, ToLongFunction<String> pending) {
        Gauge.builder("aiges.jobs.pending", service, name -> {
                    try {
                        return pending.applyAsLong(name);
                    } catch (RuntimeException storeDown) {
                        return Double.NaN;
                    }
                })
                .strongReference(true)
                .description("async jobs waiting or running").tag("service", service).register(registry);
    }

    /**
     * One finished one-shot request.
     *
     * @param result the answer, or null when it failed (then there is no queue/engine split)
     */
    public void request(String service, String frontEnd, int code, Duration total, OnceResult result) {
        request(service, frontEnd, code, total, result, Caller.ANONYMOUS);
    }

    /**
     * {@link #request}, from {@code caller}: a named one ({@code [auth]}) is also counted in
     * {@code aiges_client_requests_total{client,service,code}}. Names come from the keys file, so
     * that label is bounded; appids and addresses are not, and are never labels.
     */
    public void request(String service, String frontEnd, int code, Duration total, OnceResult result, Caller caller) {
        if (caller.isNamed()) {
            clientRequests.computeIfAbsent(new ClientKey(caller.name(), service, code), key -> Counter
                    .builder("aiges.client.requests").description("one-shot requests of each named client ([auth])")
                    .tags("client", key.client(), "service", key.service(), "code", Integer.toString(key.code()))
                    .register(registry)).increment();
        }
        meter(new Key("requests", service, frontEnd, code)).record(total);
        if (result != null) {
            meter(new Key("queue", service, "", 0)).record(result.queued());
            meter(new Key("engine", service, "", 0)).record(result.engine());
        }
    }

    /** The size of a request body as received. */
    public void requestSize(String service, String frontEnd, long bytes) {
        DistributionSummary size = sizes.get(new Key("size", service, frontEnd, 0));
        if (size == null) {
            size = sizes.computeIfAbsent(new Key("size", service, frontEnd, 0), key -> DistributionSummary
                    .builder("aiges.request.size").baseUnit("bytes").description("request body sizes")
                    .tags("service", service, "frontend", frontEnd).register(registry));
        }
        size.record(bytes);
    }

    /**
     * The timer a key names, made on first use. A plain lookup first: it is what every request
     * after the first takes, and it allocates no registering lambda.
     */
    private Timer meter(Key key) {
        Timer timer = meters.get(key);
        return timer != null ? timer : meters.computeIfAbsent(key, this::register);
    }

    private Timer register(Key key) {
        Timer.Builder builder = switch (key.meter()) {
            case "requests" -> Timer.builder("aiges.requests")
                    .description("one-shot requests, from arrival to answer")
                    .tags("service", key.service(), "frontend", key.frontEnd(), "code", Integer.toString(key.code()));
            case "queue" -> Timer.builder("aiges.queue.wait")
                    .description("time a request waited for a free instance").tag("service", key.service());
            case "engine" -> Timer.builder("aiges.engine")
                    .description("time in the engine call").tag("service", key.service());
            default -> throw new IllegalArgumentException("no timer " + key.meter());
        };
        return builder.publishPercentileHistogram().register(registry);
    }

    /** A frame received on a streaming session. */
    public void sessionFrame(String service, String frontEnd) {
        frames.computeIfAbsent(new Key("frames", service, frontEnd, 0), key -> Counter.builder("aiges.session.frames")
                .description("frames received on streaming sessions")
                .tags("service", service, "frontend", frontEnd).register(registry)).increment();
    }

    /**
     * A streaming session ended, after {@code length} from its first frame.
     *
     * @param code the AIGES code it ended with (0: its final result was sent), or
     *             {@link SessionRecord#CLIENT_CLOSED}
     */
    public void sessionEnded(String service, String frontEnd, String code, Duration length) {
        sessions.computeIfAbsent(new SessionKey(service, frontEnd, code), key -> Timer.builder("aiges.sessions")
                .description("streaming sessions, from first frame to end")
                .tags("service", service, "frontend", frontEnd, "code", code)
                .publishPercentileHistogram().register(registry)).record(length);
    }

    /** A request refused for its credentials ({@code [auth]}), by the front-end that refused it. */
    public void authRefused(String frontEnd) {
        Counter.builder("aiges.auth.refused").description("requests refused for missing or wrong credentials ([auth])")
                .tag("frontend", frontEnd).register(registry).increment();
    }

    /** The Prometheus text exposition of everything above. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
