package io.aiges.engine.config;

/**
 * The HTTP front-end.
 *
 * @param host         listen address ({@code [wrapper] http_listen}, default {@code 0.0.0.0:1888})
 * @param port         listen port; 0 picks a free one (tests)
 * @param maxBodyBytes largest request body accepted ({@code [aiges] maxBodySize}); larger gets 413
 */
public record HttpConfig(String host, int port, long maxBodyBytes) {
    public HttpConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
    }
}
