package io.aiges.api;

import java.util.List;
import java.util.Map;

/**
 * What an engine implements: one instance of it. aiges creates up to the licence count
 * ({@code [fc] max}) of instances and never calls one instance from two requests at once, so an
 * implementation needs no locking of its own state.
 *
 * <pre>{@code
 * public final class Upper implements Wrapper {
 *     public List<DataItem> once(Params params, List<DataItem> inputs) {
 *         return List.of(DataItem.text("result", inputs.getFirst().asText().toUpperCase()));
 *     }
 * }
 * }</pre>
 *
 * Load it with {@code [engine] form = "java"}, {@code jar = "upper.jar"}, {@code class = "Upper"}.
 */
public interface Wrapper {

    /**
     * Called once per instance before any request, with the {@code [wrapper]} section of
     * {@code aiges.toml} as strings (as the C ABI's {@code wrapperInit}).
     */
    default void init(Map<String, String> config) throws WrapperException {
    }

    /** One-shot inference: all input in, all output out (the C ABI's {@code wrapperExec}). */
    List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException;

    /**
     * Opens a streaming session (the C ABI's {@code wrapperCreate}). Engines that only serve
     * one-shot requests keep this default.
     */
    default WrapperSession create(Params params) throws WrapperException {
        throw WrapperException.unsupported("streaming sessions");
    }

    /** Called once when the instance is retired (shutdown or replacement). */
    default void fini() {
    }

    /** Shown in logs and the service description. */
    default String version() {
        return getClass().getSimpleName();
    }

    /**
     * True for an engine whose {@link #once} finishes in microseconds without blocking (no I/O,
     * no waiting on locks or other threads, no sleeping): aiges then calls it on the thread that
     * received the request, saving the hand-over to an engine thread and back (tens of
     * microseconds under load). Such a call cannot be cut short by {@code [aiges] requestTimeout},
     * and while it runs the front-end serves nothing else, so keep the default unless the engine
     * really is that cheap (a rule table, a lookup, a tiny model).
     */
    default boolean runsInline() {
        return false;
    }

    /** Declared inputs, outputs and parameters, for validation and {@code /openapi.json}. */
    default ServiceSchema schema() {
        return ServiceSchema.EMPTY;
    }
}
