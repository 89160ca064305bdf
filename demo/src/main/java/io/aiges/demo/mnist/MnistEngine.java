package io.aiges.demo.mnist;

import ai.onnxruntime.OrtSession;
import io.aiges.api.BatchEngine;
import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.OrtSessions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded handwritten-digit demo: a small CNN trained on MNIST, shipped inside the demo
 * jar, answering a picture of a digit with {@code {"result": 7, "msg": "识别结果为数字: 7", ...}}
 * as the original AIGES demo did. One ONNX Runtime session is shared by all instances.
 *
 * <pre>{@code
 * try (Engine engine = MnistEngine.load()) {
 *     List<DataItem> out = engine.newInstance().once(Params.EMPTY, List.of(DataItem.of("img", png, DataType.IMAGE)));
 * }
 * }</pre>
 */
public final class MnistEngine implements BatchEngine {
    /** The artefact that names this engine instead of a model file. */
    public static final String ARTEFACT = "builtin:mnist";
    /** The model, beside this class: input {@code input} float [N,1,28,28], output {@code logits} float [N,10]. */
    public static final String MODEL_RESOURCE = "mnist-cnn.onnx";
    static final String INPUT = "input";
    static final String OUTPUT = "logits";
    /** The seed request's picture of a 7, the example every user of the original documentation sends first. */
    static final String EXAMPLE_RESOURCE = "seed-digit7.png";

    private static final ServiceSchema SCHEMA = new ServiceSchema(
            // No encoding is declared: the format is sniffed from the bytes (the seed request calls its PNG "jpg").
            List.of(new ServiceSchema.Field("img", DataType.IMAGE, "PNG or JPEG of one handwritten digit, any size",
                    Map.of(), true)),
            List.of(new ServiceSchema.Field("result", DataType.TEXT,
                    "the digit as JSON: {\"result\": 7, \"msg\": \"识别结果为数字: 7\", \"probability\": 0.9987}",
                    Map.of("encoding", "utf8", "format", "json"))),
            List.of(),
            List.of(new DataItem("img", example(), DataType.IMAGE, DataStatus.ONCE, Map.of("encoding", "png"))));

    private final OrtSession session;

    private MnistEngine(OrtSession session) {
        this.session = session;
    }

    /** Loads the embedded model; 10903 if the jar lacks it or it is not the model this demo expects. */
    public static MnistEngine load() throws WrapperException {
        OrtSession session = OrtSessions.open(modelBytes(), "builtin:mnist (" + MODEL_RESOURCE + ")");
        if (!session.getInputNames().contains(INPUT) || !session.getOutputNames().contains(OUTPUT)) {
            String found = "inputs " + session.getInputNames() + ", outputs " + session.getOutputNames();
            OrtSessions.close(session);
            throw new WrapperException(OrtSessions.LOAD_FAILED, "the embedded MNIST model must take '" + INPUT
                    + "' and give '" + OUTPUT + "'; it has " + found);
        }
        return new MnistEngine(session);
    }

    private static byte[] example() {
        try (InputStream in = MnistEngine.class.getResourceAsStream(EXAMPLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the MNIST example picture " + EXAMPLE_RESOURCE
                        + " is missing from the demo jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] modelBytes() throws WrapperException {
        try (InputStream in = MnistEngine.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new WrapperException(OrtSessions.LOAD_FAILED, "the embedded MNIST model "
                        + MnistEngine.class.getPackageName().replace('.', '/') + "/" + MODEL_RESOURCE
                        + " is missing from the demo jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new WrapperException(OrtSessions.LOAD_FAILED,
                    "the embedded MNIST model could not be read: " + e.getMessage(), e);
        }
    }

    /** Every picture becomes the same 1x28x28 tensor, so any requests can share a batch. */
    @Override
    public Optional<String> batchKey(Params params, List<DataItem> inputs) {
        return Optional.of(MODEL_RESOURCE);
    }

    @Override
    public Wrapper newInstance() {
        return new MnistInstance(session);
    }

    @Override
    public String version() {
        return "mnist-cnn 1.0 (onnxruntime " + OrtSessions.environment().getVersion() + ")";
    }

    @Override
    public ServiceSchema schema() {
        return SCHEMA;
    }

    @Override
    public void close() {
        OrtSessions.close(session);
    }
}
