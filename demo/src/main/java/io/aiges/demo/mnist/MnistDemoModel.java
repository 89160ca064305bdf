package io.aiges.demo.mnist;

import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.BuiltinModel;

/**
 * {@code model = "builtin:mnist"}: the handwritten-digit demo, pictures in and the digit as JSON
 * out ({@link MnistEngine}). Found by the onnx form through {@code META-INF/services}.
 */
public final class MnistDemoModel implements BuiltinModel {

    @Override
    public String name() {
        return "mnist";
    }

    @Override
    public Engine open(EngineSpec spec) throws WrapperException {
        return MnistEngine.load();
    }
}
