package io.aiges.bench;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.plugin.onnx.OnnxForm;
import io.aiges.demo.mnist.DigitImagePreprocessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The demo engine's hot path: the whole pipeline on the seed PNG (decode, find the digit, centre
 * it, infer) next to inference alone on the already-prepared 28x28 tensor, through the generic
 * ONNX engine. The ratio says how much of a request's engine time is Java preprocessing.
 */
@State(Scope.Benchmark)
@Threads(2)
public class MnistBench {
    private static final Path FIXTURES = Path.of(System.getProperty("aiges.fixtures", "fixtures"));

    private Engine demo;
    private Engine model;
    private Path modelFile;
    private List<DataItem> seedPng;
    private List<DataItem> seedTensor;

    /** Each benchmark thread gets its own instances, as aiges's pool would lend them. */
    @State(Scope.Thread)
    public static class Instances {
        Wrapper demo;
        Wrapper model;

        @Setup(Level.Trial)
        public void create(MnistBench bench) throws Exception {
            demo = bench.demo.newInstance();
            model = bench.model.newInstance();
        }
    }

    @Setup(Level.Trial)
    public void load() throws Exception {
        byte[] png = Files.readAllBytes(FIXTURES.resolve("mnist-seed-digit7.png"));
        seedPng = List.of(DataItem.of("img", png, DataType.IMAGE));
        float[] pixels = DigitImagePreprocessor.preprocess(png);
        ByteBuffer tensor = ByteBuffer.allocate(pixels.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        tensor.asFloatBuffer().put(pixels);
        seedTensor = List.of(DataItem.of("input", tensor.array(), DataType.OTHER)
                .withDescriptors(Map.of("dtype", "FP32", "shape", "1,1,28,28")));
        modelFile = Files.createTempFile("mnist-cnn", ".onnx");
        try (InputStream in = DigitImagePreprocessor.class.getResourceAsStream("mnist-cnn.onnx")) {
            Files.write(modelFile, in.readAllBytes());
        }
        OnnxForm form = new OnnxForm();
        demo = form.open(new EngineSpec("demo", "onnx", "builtin:mnist", null, Map.of(), Path.of(".")));
        model = form.open(new EngineSpec("model", "onnx", modelFile.toString(), null, Map.of(), Path.of(".")));
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        demo.close();
        model.close();
        Files.deleteIfExists(modelFile);
    }

    @Benchmark
    public List<DataItem> pipeline(Instances instances) throws Exception {
        return instances.demo.once(Params.EMPTY, seedPng);
    }

    @Benchmark
    public List<DataItem> inferenceOnly(Instances instances) throws Exception {
        return instances.model.once(Params.EMPTY, seedTensor);
    }
}
