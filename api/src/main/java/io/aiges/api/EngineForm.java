package io.aiges.api;

/**
 * A way of loading engines ({@code c}, {@code python}, {@code java}, {@code onnx}): the plugin SPI.
 * Implementations are found with {@link java.util.ServiceLoader}; each plugin module registers
 * its form in {@code META-INF/services/io.aiges.api.EngineForm}.
 */
public interface EngineForm {

    /** The name used in {@code [engine] form} and {@code AIGES_PLUGIN_MODE}. */
    String name();

    /** Loads the engine the spec describes; a clear {@link WrapperException} when it cannot. */
    Engine open(EngineSpec spec) throws WrapperException;
}
