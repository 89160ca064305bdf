package io.aiges.engine.service;

import io.aiges.api.ClientText;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * The services this process serves, by name. Owns the one timer thread every service uses for
 * queue and request timeouts. Services may be added and removed while requests run (the model
 * repository's load and unload): lookups read an immutable snapshot, so the request path takes
 * no lock; changes are serialised.
 */
public final class ServiceRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceRegistry.class);

    private static final long DRAIN_POLL_MS = 20;

    /** Replaced, never changed, under {@code this}: readers see a consistent map without locking. */
    private volatile Map<String, Service> services = Map.of();
    private final List<Consumer<Service>> listeners = new CopyOnWriteArrayList<>();
    private final EngineForms forms;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("aiges-timer").daemon(true).factory());

    private ServiceRegistry(EngineForms forms) {
        this.forms = forms;
        // Nearly every timeout is cancelled (the request ended first): drop it from the queue
        // at once rather than keep thousands of dead tasks until their deadline.
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Loads every configured engine; on any failure the ones already loaded are closed again. */
    public static ServiceRegistry open(List<ServiceConfig> configs, EngineForms forms) {
        ServiceRegistry registry = new ServiceRegistry(forms);
        try {
            for (ServiceConfig config : configs) {
                registry.add(config);
            }
            return registry;
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /**
     * Loads the engine and serves it under the config's name; 10903 when the name is taken or the
     * engine does not load. The engine loads outside the lock, so a slow model holds up no other
     * change; the name is checked again under it.
     */
    public Service add(ServiceConfig config) {
        if (services.containsKey(config.name())) {
            throw taken(config.name());
        }
        Service service = load(config);
        synchronized (this) {
            if (services.containsKey(config.name())) {
                service.close();
                throw taken(config.name());
            }
            services = with(config.name(), service);
        }
        announce(service);
        return service;
    }

    /**
     * Calls {@code listener} with every service served from now on, added or replacing one
     * (metrics and job workers follow models loaded at run time this way).
     */
    public void onServed(Consumer<Service> listener) {
        listeners.add(listener);
    }

    private void announce(Service service) {
        for (Consumer<Service> listener : listeners) {
            try {
                listener.accept(service);
            } catch (RuntimeException e) {
                log.warn("service {}: a listener failed: {}", service.name(), e.toString());
            }
        }
    }

    /**
     * Serves a new engine under the config's name in place of the one served now (if any): the
     * new one loads first, requests switch to it at once, the old one finishes what it admitted
     * (up to {@code deadline}) and closes. If the new engine does not load, the old one stays.
     */
    public Service replace(ServiceConfig config, Duration deadline) throws InterruptedException {
        Service service = load(config);
        Service old;
        synchronized (this) {
            old = services.get(config.name());
            services = with(config.name(), service);
        }
        announce(service);
        if (old != null) {
            retire(old, deadline);
        }
        return service;
    }

    private Service load(ServiceConfig config) {
        Engine engine = forms.open(config.engine());
        Service service;
        try {
            service = new Service(config, engine, timer);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        String artefact = config.engine().artefact() == null || config.engine().artefact().isBlank()
                ? "" : " " + config.engine().artefact();
        log.info("service {} ready: {} engine{} ({}), licence {}", config.name(), config.engine().form(),
                artefact, engine.version(), config.pool().licence());
        return service;
    }

    private Map<String, Service> with(String name, Service service) {
        Map<String, Service> next = new LinkedHashMap<>(services);
        next.put(name, service);
        return Collections.unmodifiableMap(next);
    }

    private static AigesException taken(String name) {
        return new AigesException(AigesError.WRAPPER_LOAD, "service " + name + " is configured twice");
    }

    /**
     * Stops serving {@code name}: it is gone for new requests at once (10404), those admitted
     * get until {@code deadline} to finish, then its engine is closed. False when no such service.
     */
    public boolean remove(String name, Duration deadline) throws InterruptedException {
        Service service;
        synchronized (this) {
            service = services.get(name);
            if (service == null) {
                return false;
            }
            Map<String, Service> next = new LinkedHashMap<>(services);
            next.remove(name);
            services = Collections.unmodifiableMap(next);
        }
        retire(service, deadline);
        log.info("service {} unloaded", name);
        return true;
    }

    private static void retire(Service service, Duration deadline) throws InterruptedException {
        service.drain();
        try {
            waitIdle(List.of(service), deadline);
        } finally {
            service.close();
        }
    }

    /** The named service, or 10404. */
    public Service get(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new AigesException(AigesError.SERVICE_NOT_FOUND, "no service named '" + ClientText.cut(name)
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
        Collection<Service> all = services.values();
        all.forEach(Service::drain);
        return waitIdle(all, deadline);
    }

    private static boolean waitIdle(Collection<Service> draining, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!draining.stream().allMatch(Service::isIdle)) {
            if (System.nanoTime() >= end) {
                log.warn("drain deadline of {} ms passed with work still in flight; stopping anyway", deadline.toMillis());
                return false;
            }
            Thread.sleep(DRAIN_POLL_MS);
        }
        return true;
    }

    @Override
    public synchronized void close() {
        List<Service> reversed = new ArrayList<>(services.values());
        Collections.reverse(reversed);
        for (Service service : reversed) {
            try {
                service.close();
            } catch (RuntimeException e) {
                log.warn("closing service {} failed: {}", service.name(), e.toString());
            }
        }
        services = Map.of();
        timer.shutdownNow();
    }
}
