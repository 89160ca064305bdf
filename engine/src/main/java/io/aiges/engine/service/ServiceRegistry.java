package io.aiges.engine.service;

import io.aiges.api.Engine;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.ServiceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The services this process serves, by name. Owns the one timer thread every service uses for
 * queue and request timeouts.
 */
public final class ServiceRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceRegistry.class);

    private static final long DRAIN_POLL_MS = 20;

    private final Map<String, Service> services = new LinkedHashMap<>();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("aiges-timer").daemon(true).factory());

    private ServiceRegistry() {
        // Nearly every timeout is cancelled (the request ended first): drop it from the queue
        // at once rather than keep thousands of dead tasks until their deadline.
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Loads every configured engine; on any failure the ones already loaded are closed again. */
    public static ServiceRegistry open(List<ServiceConfig> configs, EngineForms forms) {
        ServiceRegistry registry = new ServiceRegistry();
        try {
            for (ServiceConfig config : configs) {
                registry.add(config, forms);
            }
            return registry;
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    private void add(ServiceConfig config, EngineForms forms) {
        if (services.containsKey(config.name())) {
            throw new AigesException(AigesError.WRAPPER_LOAD, "service " + config.name() + " is configured twice");
        }
        Engine engine = forms.open(config.engine());
        try {
            services.put(config.name(), new Service(config, engine, timer));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        log.info("service {} ready: {} engine {} ({}), licence {}", config.name(), config.engine().form(),
                config.engine().artefact(), engine.version(), config.pool().licence());
    }

    /** The named service, or 10404. */
    public Service get(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new AigesException(AigesError.SERVICE_NOT_FOUND, "no service named '" + name
                    + "' (served: " + String.join(", ", services.keySet()) + ")");
        }
        return service;
    }

    public Collection<Service> all() {
        return List.copyOf(services.values());
    }

    /**
     * Drains every service: refuses new work at once, then waits until what was admitted has
     * ended or the deadline passes.
     *
     * @return true when everything ended in time
     */
    public boolean drain(Duration deadline) throws InterruptedException {
        services.values().forEach(Service::drain);
        long end = System.nanoTime() + deadline.toNanos();
        while (!services.values().stream().allMatch(Service::isIdle)) {
            if (System.nanoTime() >= end) {
                log.warn("drain deadline of {} ms passed with work still in flight; stopping anyway", deadline.toMillis());
                return false;
            }
            Thread.sleep(DRAIN_POLL_MS);
        }
        return true;
    }

    @Override
    public void close() {
        List<Service> reversed = new ArrayList<>(services.values());
        Collections.reverse(reversed);
        for (Service service : reversed) {
            try {
                service.close();
            } catch (RuntimeException e) {
                log.warn("closing service {} failed: {}", service.name(), e.toString());
            }
        }
        services.clear();
        timer.shutdownNow();
    }
}
