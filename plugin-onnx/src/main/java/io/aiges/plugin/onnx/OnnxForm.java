package io.aiges.plugin.onnx;

import io.aiges.api.Engine;
import io.aiges.api.EngineForm;
import io.aiges.api.EngineSpec;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.model.ModelEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Engines that are ONNX models, served with no user code. The spec's artefact is either a
 * {@code .onnx} file, served with the inputs and outputs its metadata declares, or
 * {@code builtin:NAME}, a {@link BuiltinModel} some jar on the class path ships: the demo module
 * ships {@code builtin:mnist}, the handwritten-digit demo (pictures in, JSON out), and
 * {@code builtin:mnist.onnx}, the demo's model file itself served as any model file is
 * (tensors in and out: what the Open Inference Protocol's {@code mnist} model serves).
 * Model files take the loader option {@value #MAX_BATCH} ({@code [engine] maxBatch} in
 * {@code aiges.toml}, {@code maxBatch} in a repository model's {@code config.properties}): the
 * most rows one request may send (default {@value ModelEngine#DEFAULT_MAX_BATCH}).
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

    /** The loader option bounding the rows of one request to a model file. */
    public static final String MAX_BATCH = "maxBatch";

    /** How an artefact names a {@link BuiltinModel} instead of a file. */
    public static final String BUILTIN = "builtin:";

    /** The artefact of the MNIST demo's model file served as a plain model (the demo module ships it). */
    public static final String MNIST_MODEL = BUILTIN + "mnist.onnx";

    @Override
    public Engine open(EngineSpec spec) throws WrapperException {
        if (spec.artefact() != null && spec.artefact().strip().startsWith(BUILTIN)) {
            return builtin(spec.artefact().strip().substring(BUILTIN.length())).open(spec);
        }
        long maxBatch = maxBatch(spec);
        OrtDevice device = OrtDevice.of(spec.options());
        Path model = spec.artefactPath().orElseThrow(() -> new WrapperException(OrtSessions.LOAD_FAILED,
                "onnx engines need a model: the path of a .onnx file, or " + BUILTIN + "mnist for the demo"));
        if (!model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            throw new WrapperException(OrtSessions.LOAD_FAILED, "ONNX model must be a .onnx file: " + model);
        }
        if (!Files.isRegularFile(model)) {
            throw new WrapperException(OrtSessions.LOAD_FAILED, "ONNX model not found: " + model);
        }
        if (!Files.isReadable(model)) {
            throw new WrapperException(OrtSessions.LOAD_FAILED, "ONNX model not readable: " + model);
        }
        return ModelEngine.open(model, maxBatch, device);
    }

    /** The built-in model called {@code name} on the class path; 10903, naming the ones there are, if none is. */
    private static BuiltinModel builtin(String name) throws WrapperException {
        TreeSet<String> found = new TreeSet<>();
        for (BuiltinModel model : ServiceLoader.load(BuiltinModel.class, OnnxForm.class.getClassLoader())) {
            if (model.name().equals(name)) {
                return model;
            }
            found.add(BUILTIN + model.name());
        }
        throw new WrapperException(OrtSessions.LOAD_FAILED, "no built-in model " + BUILTIN + name + " on the class path"
                + (found.isEmpty() ? " (builtin:mnist is in the aiges-demo jar, which this installation leaves out)"
                : "; there are " + String.join(", ", found)));
    }

    /** The {@value #MAX_BATCH} option of {@code spec}: the most rows one request to a model file may send. */
    public static long maxBatch(EngineSpec spec) throws WrapperException {
        String value = spec.options().get(MAX_BATCH);
        if (value == null) {
            return ModelEngine.DEFAULT_MAX_BATCH;
        }
        try {
            long max = Long.parseLong(value.strip());
            if (max < 1) {
                throw new NumberFormatException("below 1");
            }
            return max;
        } catch (NumberFormatException e) {
            throw new WrapperException(OrtSessions.LOAD_FAILED, MAX_BATCH + " must be a whole number of 1 or more, got '"
                    + value + "'", e);
        }
    }
}
