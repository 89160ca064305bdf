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

    /**
     * True when {@link #newInstance()} may run on several threads at once, each instance loading
     * on its own (separate processes, say), so that the pool starts them concurrently, bounded by
     * the cores. In-process engines keep the default: one instance after another, as the original,
     * since a C or Java engine's init may share state the loader cannot see.
     *
     * <pre>{@code
     * @Override
     * public boolean startsInstancesInParallel() {
     *     return true; // each instance is a worker process that imports the model itself
     * }
     * }</pre>
     */
    default boolean startsInstancesInParallel() {
        return false;
    }

    @Override
    void close();
}
