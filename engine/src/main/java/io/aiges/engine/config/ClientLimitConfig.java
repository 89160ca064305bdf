package io.aiges.engine.config;

/**
 * Fairness between clients: what one client (its appid, else its address) may use of a service,
 * so one tenant cannot hold every licence or the whole request rate. 0 turns a limit off; both
 * are off by default ({@link #OFF}).
 *
 * @param maxSessions          streaming sessions one client holds (or waits for) at once
 *                             ({@code [fc] maxSessionsPerClient})
 * @param maxRequestsPerSecond one-shot requests (OIP infer and async job submissions included) one
 *                             client may send per second, as a token bucket with that burst
 *                             ({@code [fc] maxRequestsPerClient})
 */
public record ClientLimitConfig(int maxSessions, int maxRequestsPerSecond) {
    public static final ClientLimitConfig OFF = new ClientLimitConfig(0, 0);

    public ClientLimitConfig {
        if (maxSessions < 0) {
            throw new IllegalArgumentException("sessions per client must not be negative (0 is no limit), got " + maxSessions);
        }
        if (maxRequestsPerSecond < 0) {
            throw new IllegalArgumentException("requests per client must not be negative (0 is no limit), got "
                    + maxRequestsPerSecond);
        }
    }

    public boolean limitsSessions() {
        return maxSessions > 0;
    }

    public boolean limitsRequests() {
        return maxRequestsPerSecond > 0;
    }
}
