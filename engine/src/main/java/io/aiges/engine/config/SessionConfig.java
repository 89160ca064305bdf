package io.aiges.engine.config;

import java.time.Duration;

/**
 * Streaming sessions of a service.
 *
 * @param readTimeout    longest wait for the client's next frame ({@code [ws] readTimeout} s)
 * @param sessionTimeout longest a whole session may last ({@code [ws] sessionTimeout} s)
 * @param realTimeRlt    read results after every frame (true) or only after the last one
 *                       ({@code [aiges] realTimeRlt}; the original's code default is true)
 */
public record SessionConfig(Duration readTimeout, Duration sessionTimeout, boolean realTimeRlt) {
    /** The original's defaults: 15 s per frame, 180 s per session, results after every frame. */
    public static final SessionConfig DEFAULTS = new SessionConfig(Duration.ofSeconds(15), Duration.ofSeconds(180), true);

    public SessionConfig {
        if (!readTimeout.isPositive() || !sessionTimeout.isPositive()) {
            throw new IllegalArgumentException("session timeouts must be positive");
        }
    }
}
