package io.aiges.engine.service;

import io.aiges.api.Engine;
import io.aiges.api.EngineForm;
import io.aiges.api.EngineSpec;
import io.aiges.api.WrapperException;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The engine forms on the class path ({@code java}, {@code onnx}, ...), found through
 * {@link ServiceLoader}. A form that the configuration names but no plugin provides is answered
 * with a clear "not supported" at start-up, not at the first request.
 */
public final class EngineForms {
    /** Forms the original supports or we plan, for the error message when one is missing. */
    private static final List<String> KNOWN = List.of("c", "python", "java", "onnx");

    private final Map<String, EngineForm> forms = new TreeMap<>();

    public EngineForms(ClassLoader loader) {
        ServiceLoader.load(EngineForm.class, loader).forEach(form -> forms.put(form.name(), form));
    }

    public static EngineForms onClassPath() {
        return new EngineForms(EngineForms.class.getClassLoader());
    }

    public Engine open(EngineSpec spec) {
        EngineForm form = forms.get(spec.form());
        if (form == null) {
            String why = KNOWN.contains(spec.form())
                    ? "engine form '" + spec.form() + "' is not yet supported by this build"
                    : "unknown engine form '" + spec.form() + "'";
            throw new AigesException(AigesError.WRAPPER_LOAD, why + " (available: " + String.join(", ", forms.keySet())
                    + "); set [engine] form or AIGES_PLUGIN_MODE");
        }
        try {
            return form.open(spec);
        } catch (WrapperException e) {
            throw new AigesException(AigesError.WRAPPER_LOAD, "service " + spec.service() + ": loading "
                    + spec.form() + " engine failed: " + e.getMessage() + ";code=" + e.code(), e);
        }
    }
}
