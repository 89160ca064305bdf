package io.aiges.config;

import java.time.Duration;
import java.util.List;

/**
 * The HTTP front-end.
 *
 * @param host         listen address ({@code [wrapper] http_listen}, default {@code 127.0.0.1:1888})
 * @param port         listen port; 0 picks a free one (tests)
 * @param maxBodyBytes largest request body accepted ({@code [aiges] maxBodySize}); larger gets 413
 * @param eventLoops   event-loop threads serving HTTP and WebSocket connections ({@code [aiges]
 *                     httpEventLoops}, default one per core): each connection stays on one loop, so
 *                     one loop caps the front-end at one core however many the engines use
 * @param idleTimeout  a connection that neither sends nor receives for this long is closed
 *                     ({@code [aiges] httpIdleTimeout}); zero: never. Clients that connect and
 *                     go silent would otherwise hold a connection for good
 * @param corsOrigins  browser origins other sites' pages may call from ({@code [http] corsOrigins};
 *                     {@code "*"} for any); empty, the default, sends no CORS headers and refuses
 *                     WebSocket upgrades from other origins, so a page a user opens cannot use the
 *                     service on the user's behalf
 */
public record HttpConfig(String host, int port, long maxBodyBytes, int eventLoops, Duration idleTimeout,
                         List<String> corsOrigins) {
    /** What a connection may stay silent unless configured: longer than any request with the default timeouts. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

    public HttpConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        if (eventLoops < 1) {
            throw new IllegalArgumentException("eventLoops must be positive, got " + eventLoops);
        }
        if (idleTimeout == null || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must be zero (never) or positive, got " + idleTimeout);
        }
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** No other origin allowed. */
    public HttpConfig(String host, int port, long maxBodyBytes, int eventLoops, Duration idleTimeout) {
        this(host, port, maxBodyBytes, eventLoops, idleTimeout, List.of());
    }

    /** This configuration with {@code origins} allowed to call from browsers. */
    public HttpConfig withCorsOrigins(List<String> origins) {
        return new HttpConfig(host, port, maxBodyBytes, eventLoops, idleTimeout, origins);
    }

    /** One event loop per core, the default idle timeout. */
    public HttpConfig(String host, int port, long maxBodyBytes) {
        this(host, port, maxBodyBytes, defaultEventLoops());
    }

    /** The default idle timeout. */
    public HttpConfig(String host, int port, long maxBodyBytes, int eventLoops) {
        this(host, port, maxBodyBytes, eventLoops, DEFAULT_IDLE_TIMEOUT);
    }

    /** One per core the JVM may use (container CPU limits included). */
    public static int defaultEventLoops() {
        return Runtime.getRuntime().availableProcessors();
    }
}
