package io.aiges.plugin.onnx;

import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.WrapperException;

/**
 * A model shipped inside a jar, named in {@code aiges.toml} as {@code model = "builtin:NAME"}.
 * The onnx form finds them with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/io.aiges.plugin.onnx.BuiltinModel} file in the jar that ships one), so
 * this plugin depends on no demo: the MNIST demo's {@code builtin:mnist} and
 * {@code builtin:mnist.onnx} live in the {@code demo} module, which a production deployment leaves
 * out of its class path.
 *
 * <pre>{@code
 * public final class MnistModelFile implements BuiltinModel {
 *     public String name() { return "mnist.onnx"; }
 *     public Engine open(EngineSpec spec) throws WrapperException { ... }
 * }
 * }</pre>
 */
public interface BuiltinModel {

    /** What follows {@code builtin:} in the artefact, e.g. {@code mnist}. */
    String name();

    /** The engine serving this model, configured by the rest of {@code spec} (its options, e.g. {@value OnnxForm#MAX_BATCH}). */
    Engine open(EngineSpec spec) throws WrapperException;
}
