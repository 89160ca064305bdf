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
    /** The hundred of the wrapper framework codes: 10901 wrapper init failed ... 10910. */
    private static final int WRAPPER_CODES = 109;

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
            throw new AigesException(loadError(e.code()), "service " + spec.service() + ": loading "
                    + spec.form() + " engine failed: " + WrapperErrors.withCode(e.getMessage(), e.code()), e);
        }
    }

    /**
     * The code of a failed load: the form's own when it is one of the wrapper framework codes
     * (109xx: 10901 when wrapperInit failed, 10903 when the library does not load), else 10903.
     */
    private static AigesError loadError(int code) {
        for (AigesError error : AigesError.values()) {
            if (error.code() == code && code / 100 == WRAPPER_CODES) {
                return error;
            }
        }
        return AigesError.WRAPPER_LOAD;
    }
}
