package io.aiges.engine.fairness;

import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.ClientLimitConfig;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The per-client limits of one service ({@link ClientLimitConfig}): a client past one gets 10110
 * at once, naming the limit and the client, while other clients go on being served. Requests are
 * counted by {@link ClientRates}; sessions by a count per client that holds only clients with a
 * session open or opening, so it is bounded by the licence and its queue.
 */
public final class ClientLimits {
    private final String service;
    private final ClientLimitConfig config;
    /** Null when requests are not limited. */
    private final ClientRates rates;
    private final ConcurrentHashMap<ClientId, Integer> sessions = new ConcurrentHashMap<>();
    private final LongAdder refusedRequests = new LongAdder();
    private final LongAdder refusedSessions = new LongAdder();

    public ClientLimits(String service, ClientLimitConfig config) {
        this(service, config, ClientRates.CAPACITY, System::nanoTime);
    }

    ClientLimits(String service, ClientLimitConfig config, int clients, LongSupplier nanoClock) {
        this.service = service;
        this.config = config;
        this.rates = config.limitsRequests() ? new ClientRates(config.maxRequestsPerSecond(), clients, nanoClock) : null;
    }

    /** Counts one request of {@code client}; 10110 when it is over {@code [fc] maxRequestsPerClient}. */
    public void admitRequest(ClientId client) {
        if (rates == null || !client.isLimited() || rates.take(client)) {
            return;
        }
        refusedRequests.increment();
        throw AigesError.CLIENT_LIMITED.exception("service " + service + ": " + client.key() + " sent more than "
                + config.maxRequestsPerSecond() + " requests in a second ([fc] maxRequestsPerClient); retry later");
    }

    /**
     * Counts a session {@code client} opens, until the returned action runs (once; more runs do
     * nothing); 10110 when it already holds {@code [fc] maxSessionsPerClient}.
     */
    public Runnable admitSession(ClientId client) {
        if (!config.limitsSessions() || !client.isLimited()) {
            return () -> { };
        }
        boolean[] admitted = {false};
        sessions.compute(client, (key, held) -> {
            int now = held == null ? 0 : held;
            admitted[0] = now < config.maxSessions();
            return admitted[0] ? now + 1 : held;
        });
        if (!admitted[0]) {
            refusedSessions.increment();
            throw AigesError.CLIENT_LIMITED.exception("service " + service + ": " + client.key() + " already holds "
                    + config.maxSessions() + " sessions ([fc] maxSessionsPerClient); end one first");
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                sessions.computeIfPresent(client, (key, held) -> held > 1 ? held - 1 : null);
            }
        };
    }

    /** Sessions {@code client} holds now. */
    public int sessionsOf(ClientId client) {
        return sessions.getOrDefault(client, 0);
    }

    /** Requests refused so far for {@code [fc] maxRequestsPerClient}. */
    public long refusedRequests() {
        return refusedRequests.sum();
    }

    /** Sessions refused so far for {@code [fc] maxSessionsPerClient}. */
    public long refusedSessions() {
        return refusedSessions.sum();
    }

    /** Clients holding or opening a session now: the size of the session count table. */
    int clientsWithSessions() {
        return sessions.size();
    }

    /** Clients whose request rate is tracked now (0 when requests are not limited). */
    int trackedClients() {
        return rates == null ? 0 : rates.size();
    }
}
