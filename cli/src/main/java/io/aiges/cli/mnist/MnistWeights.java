package io.aiges.cli.mnist;

import io.aiges.demo.mnist.MnistEngine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of aiges's embedded MNIST model, under the names the demo project's
 * {@code mnist_cnn.py} reads: {@code mean} and {@code std} (the graph's input normalisation),
 * {@code conv1} ... {@code conv4} ({@code .weight}, {@code .bias}) and {@code fc} for the dense
 * layer. They are read from the very ONNX file {@code aiges demo} serves, so the wrapper and the
 * demo compute the same network.
 */
final class MnistWeights {
    /** The graph the wrapper's forward pass computes, node by node (tools/mnist/README.md). */
    static final List<String> GRAPH = List.of("Constant", "Sub", "Constant", "Div", "Conv", "Relu", "Conv", "Relu",
            "MaxPool", "Conv", "Relu", "Conv", "Relu", "MaxPool", "Flatten", "Gemm");

    private MnistWeights() {
    }

    /** Writes the embedded model's weights as an {@code .npz} file. */
    static void export(OutputStream npz) throws IOException {
        Map<String, OnnxModel.Tensor> weights;
        try {
            weights = of(OnnxModel.read(embeddedModel()));
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            throw new IOException("the embedded MNIST model could not be read: " + e.getMessage(), e);
        }
        Npz.write(weights, npz);
    }

    static Map<String, OnnxModel.Tensor> of(OnnxModel model) {
        List<String> ops = model.nodes().stream().map(OnnxModel.Node::op).toList();
        if (!ops.equals(GRAPH)) {
            throw new IllegalArgumentException("the embedded MNIST model is not the network mnist_cnn.py computes: "
                    + "its graph is " + ops + ", not " + GRAPH);
        }
        Map<String, OnnxModel.Tensor> weights = new LinkedHashMap<>();
        List<OnnxModel.Tensor> constants = model.nodes().stream()
                .filter(node -> node.op().equals("Constant")).map(OnnxModel.Node::value).toList();
        weights.put("mean", constants.get(0));
        weights.put("std", constants.get(1));
        int conv = 0;
        for (OnnxModel.Node node : model.nodes()) {
            String layer = switch (node.op()) {
                case "Conv" -> "conv" + ++conv;
                case "Gemm" -> "fc";
                default -> null;
            };
            if (layer != null) {
                weights.put(layer + ".weight", initializer(model, node.inputs().get(1)));
                weights.put(layer + ".bias", initializer(model, node.inputs().get(2)));
            }
        }
        return weights;
    }

    private static OnnxModel.Tensor initializer(OnnxModel model, String name) {
        OnnxModel.Tensor tensor = model.initializers().get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("the embedded MNIST model has no initializer " + name);
        }
        return tensor;
    }

    private static byte[] embeddedModel() throws IOException {
        try (InputStream in = MnistEngine.class.getResourceAsStream(MnistEngine.MODEL_RESOURCE)) {
            if (in == null) {
                throw new IOException("the embedded MNIST model " + MnistEngine.MODEL_RESOURCE
                        + " is missing from the demo jar");
            }
            return in.readAllBytes();
        }
    }
}
