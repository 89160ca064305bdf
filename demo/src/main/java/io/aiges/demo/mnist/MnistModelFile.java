package io.aiges.demo.mnist;

import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.BuiltinModel;
import io.aiges.plugin.onnx.OnnxForm;
import io.aiges.plugin.onnx.OrtDevice;
import io.aiges.plugin.onnx.OrtSessions;
import io.aiges.plugin.onnx.model.ModelEngine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code model = "builtin:mnist.onnx"}: the demo's model file served as any model file is, tensors
 * in and out (what the Open Inference Protocol's {@code mnist} model serves), with the spec's
 * {@value OnnxForm#MAX_BATCH} and device.
 */
public final class MnistModelFile implements BuiltinModel {

    @Override
    public String name() {
        return "mnist.onnx";
    }

    /**
     * The generic engine opens model files by path (so weights in external files beside them
     * load), so the embedded model is copied out to a temporary file for as long as it loads:
     * ONNX Runtime has read it all once the session exists.
     */
    @Override
    public Engine open(EngineSpec spec) throws WrapperException {
        long maxBatch = OnnxForm.maxBatch(spec);
        OrtDevice device = OrtDevice.of(spec.options());
        Path folder = null;
        try (InputStream in = MnistEngine.class.getResourceAsStream(MnistEngine.MODEL_RESOURCE)) {
            if (in == null) {
                throw new WrapperException(OrtSessions.LOAD_FAILED, "the embedded MNIST model is missing from the demo jar");
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
