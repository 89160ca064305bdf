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

    @Override
    void close();
}
