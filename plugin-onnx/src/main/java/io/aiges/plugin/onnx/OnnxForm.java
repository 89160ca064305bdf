package io.aiges.plugin.onnx;

import io.aiges.api.Engine;
import io.aiges.api.EngineForm;
import io.aiges.api.EngineSpec;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.mnist.MnistEngine;
import io.aiges.plugin.onnx.model.ModelEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Engines that are ONNX models, served with no user code. The spec's artefact is either a
 * {@code .onnx} file, served with the inputs and outputs its metadata declares, or
 * {@code builtin:mnist}, the embedded handwritten-digit demo.
 *
 * <pre>{@code
 * Engine demo = new OnnxForm().open(new EngineSpec("mnist", "onnx", "builtin:mnist", null, Map.of(), baseDir));
 * Engine model = new OnnxForm().open(new EngineSpec("resnet", "onnx", "models/resnet50.onnx", null, Map.of(), baseDir));
 * }</pre>
 */
public final class OnnxForm implements EngineForm {

    /** The engine form name in {@code aiges.toml}. */
    public static final String NAME = "onnx";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Engine open(EngineSpec spec) throws WrapperException {
        if (spec.artefact() != null && MnistEngine.ARTEFACT.equals(spec.artefact().strip())) {
            return MnistEngine.load();
        }
        Path model = spec.artefactPath().orElseThrow(() -> new WrapperException(OrtSessions.LOAD_FAILED,
                "onnx engines need a model: the path of a .onnx file, or " + MnistEngine.ARTEFACT + " for the demo"));
        if (!model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            throw new WrapperException(OrtSessions.LOAD_FAILED, "ONNX model must be a .onnx file: " + model);
        }
        if (!Files.isRegularFile(model)) {
            throw new WrapperException(OrtSessions.LOAD_FAILED, "ONNX model not found: " + model);
        }
        if (!Files.isReadable(model)) {
            throw new WrapperException(OrtSessions.LOAD_FAILED, "ONNX model not readable: " + model);
        }
        return ModelEngine.open(model);
    }
}
