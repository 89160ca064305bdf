package io.aiges.api;

/**
 * A loaded engine: the thing that makes {@link Wrapper} instances. Produced by an
 * {@link EngineForm} from an {@link EngineSpec}; closed once at shutdown, after every instance
 * has been given {@link Wrapper#fini()}.
 */
public interface Engine extends AutoCloseable {

    /** A new instance, already initialised and ready for requests. */
    Wrapper newInstance() throws WrapperException;

    /** The version reported in logs and the service description. */
    String version();

    /** What the engine declares it accepts and returns. */
    ServiceSchema schema();

    /**
     * How often the engine's processes have been restarted after dying (for engines that run out
     * of process); reported as a metric. In-process engines keep the default.
     */
    default long restarts() {
        return 0;
    }

    @Override
    void close();
}
