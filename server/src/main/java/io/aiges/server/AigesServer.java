package io.aiges.server;

import io.aiges.engine.config.AigesConfig;

/**
 * A running aiges process: the configured service's engine loaded and its front-ends listening.
 * {@link #start} returns once every listener is bound; {@link #close} stops them and retires the
 * engine.
 */
public final class AigesServer implements AutoCloseable {

    private AigesServer() {
    }

    /** Loads the engine and starts the front-ends; throws with a clear message when it cannot. */
    public static AigesServer start(AigesConfig config) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The bound HTTP port (useful when the config asked for port 0). */
    public int httpPort() {
        return 0;
    }

    @Override
    public void close() {
    }
}
