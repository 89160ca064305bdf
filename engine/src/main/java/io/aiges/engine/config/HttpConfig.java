package io.aiges.engine.config;

/**
 * The HTTP front-end.
 *
 * @param host         listen address ({@code [wrapper] http_listen}, default {@code 0.0.0.0:1888})
 * @param port         listen port; 0 picks a free one (tests)
 * @param maxBodyBytes largest request body accepted ({@code [aiges] maxBodySize}); larger gets 413
 * @param eventLoops   event-loop threads serving HTTP and WebSocket connections ({@code [aiges]
 *                     httpEventLoops}, default one per core): each connection stays on one loop, so
 *                     one loop caps the front-end at one core however many the engines use
 */
public record HttpConfig(String host, int port, long maxBodyBytes, int eventLoops) {
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
    }

    /** One event loop per core. */
    public HttpConfig(String host, int port, long maxBodyBytes) {
        this(host, port, maxBodyBytes, defaultEventLoops());
    }

    /** One per core the JVM may use (container CPU limits included). */
    public static int defaultEventLoops() {
        return Runtime.getRuntime().availableProcessors();
    }
}
