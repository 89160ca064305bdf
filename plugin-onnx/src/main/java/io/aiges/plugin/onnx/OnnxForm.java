package io.aiges.plugin.onnx;

import io.aiges.api.Engine;
import io.aiges.api.EngineForm;
import io.aiges.api.EngineSpec;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.mnist.MnistEngine;
import io.aiges.plugin.onnx.model.ModelEngine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Engines that are ONNX models, served with no user code. The spec's artefact is either a
 * {@code .onnx} file, served with the inputs and outputs its metadata declares,
 * {@code builtin:mnist}, the embedded handwritten-digit demo (pictures in, JSON out), or
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

    /** The artefact that names the embedded demo model as a plain model file. */
    public static final String MNIST_MODEL = MnistEngine.ARTEFACT + ".onnx";

    @Override
    public Engine open(EngineSpec spec) throws WrapperException {
        if (spec.artefact() != null && MnistEngine.ARTEFACT.equals(spec.artefact().strip())) {
            return MnistEngine.load();
        }
        long maxBatch = maxBatch(spec);
        OrtDevice device = OrtDevice.of(spec.options());
        if (spec.artefact() != null && MNIST_MODEL.equals(spec.artefact().strip())) {
            return embeddedMnistModel(maxBatch, device);
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
        return ModelEngine.open(model, maxBatch, device);
    }

    private static long maxBatch(EngineSpec spec) throws WrapperException {
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

    /**
     * The generic engine opens model files by path (so weights in external files beside them
     * load), so the embedded model is copied out to a temporary file for as long as it loads:
     * ONNX Runtime has read it all once the session exists.
     */
    private static Engine embeddedMnistModel(long maxBatch, OrtDevice device) throws WrapperException {
        Path folder = null;
        try (InputStream in = MnistEngine.class.getResourceAsStream(MnistEngine.MODEL_RESOURCE)) {
            if (in == null) {
                throw new WrapperException(OrtSessions.LOAD_FAILED, "the embedded MNIST model is missing from the onnx plugin");
            }
            folder = Files.createTempDirectory("aiges-mnist-");
            Path model = folder.resolve(MnistEngine.MODEL_RESOURCE);
            Files.copy(in, model);
            return ModelEngine.open(model, maxBatch, device);
        } catch (IOException e) {
            throw new WrapperException(OrtSessions.LOAD_FAILED, "the embedded MNIST model could not be copied out: "
                    + e.getMessage(), e);
        } finally {
            if (folder != null) {
                try (Stream<Path> files = Files.walk(folder)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                } catch (IOException ignored) {
                    // A temporary file left behind is harmless; the OS cleans its temp folder.
                }
            }
        }
    }
}
