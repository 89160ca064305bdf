package io.aiges.demo.mnist;

import io.aiges.api.BatchEngine;
import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.EngineSpec;
import io.aiges.api.ErrorCodes;
import io.aiges.api.Params;
import io.aiges.plugin.onnx.OnnxForm;
import io.aiges.plugin.onnx.model.HandBuiltModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.aiges.plugin.onnx.model.TestTensors.floats;
import static io.aiges.demo.mnist.MnistModelFileTest.mnistModel;
import static io.aiges.plugin.onnx.model.TestTensors.tensor;
import static io.aiges.plugin.onnx.model.TestTensors.toFloats;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests stacked along dimension 0: the embedded MNIST model leaves its batch dimension open,
 * so a batch of different digits answers each one exactly as it would be answered alone.
 */
class MnistModelBatchTest {
    @TempDir
    Path dir;

    private BatchEngine open(String name, byte[] model) throws Exception {
        Files.write(dir.resolve(name), model);
        return (BatchEngine) new OnnxForm().open(new EngineSpec("svc", "onnx", name, null, Map.of(), dir));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42})
    void aBatchOfRandomPicturesAnswersEachAsItWouldBeAnsweredAlone(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        try (BatchEngine engine = open("mnist.onnx", mnistModel())) {
            BatchWrapper instance = (BatchWrapper) engine.newInstance();
            List<BatchItem> batch = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(12); i++) {
                int rows = 1 + random.nextInt(3);
                float[] pixels = new float[rows * 784];
                for (int p = 0; p < pixels.length; p++) {
                    pixels[p] = random.nextInt(4) == 0 ? (float) random.nextDouble() : 0;
                }
                List<DataItem> inputs = List.of(tensor("input", floats(pixels), rows + ",1,28,28"));
                assertThat(engine.batchKey(Params.EMPTY, inputs)).contains("input:1,28,28;");
                batch.add(new BatchItem(Params.EMPTY, inputs));
            }

            List<BatchOutcome> outcomes = instance.onceBatch(batch);

            assertThat(outcomes).hasSameSizeAs(batch);
            for (int i = 0; i < batch.size(); i++) {
                DataItem alone = instance.once(Params.EMPTY, batch.get(i).inputs()).getFirst();
                DataItem batched = ((BatchOutcome.Outputs) outcomes.get(i)).items().getFirst();
                assertThat(batched.key()).isEqualTo("logits");
                assertThat(batched.descriptors()).isEqualTo(alone.descriptors());
                assertThat(toFloats(batched.data())).containsExactly(toFloats(alone.data()),
                        org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    /** A batch of more rows than maxBatch runs in several runs of at most maxBatch; one request over it fails alone. */
    @Test
    void requestsBeyondMaxBatchRunInSeveralRunsAndAnOverLimitOneFailsAlone() throws Exception {
        Files.write(dir.resolve("mnist.onnx"), mnistModel());
        try (BatchEngine engine = (BatchEngine) new OnnxForm().open(new EngineSpec("svc", "onnx", "mnist.onnx", null,
                Map.of(), dir, Map.of(OnnxForm.MAX_BATCH, "5")))) {
            BatchWrapper instance = (BatchWrapper) engine.newInstance();
            SplittableRandom random = new SplittableRandom(3);
            List<BatchItem> batch = new ArrayList<>();
            for (int rows : new int[]{2, 3, 2, 6, 4, 1}) {
                float[] pixels = new float[rows * 784];
                for (int p = 0; p < pixels.length; p++) {
                    pixels[p] = (float) random.nextDouble();
                }
                batch.add(new BatchItem(Params.EMPTY, List.of(tensor("input", floats(pixels), rows + ",1,28,28"))));
            }

            List<BatchOutcome> outcomes = instance.onceBatch(batch);

            assertThat(outcomes.get(3)).isInstanceOfSatisfying(BatchOutcome.Failed.class, failed -> {
                assertThat(failed.error().code()).isEqualTo(ErrorCodes.INVALID_PARAM_VALUE);
                assertThat(failed.error().getMessage()).contains("a batch of 6", "at most 5");
            });
            for (int i : new int[]{0, 1, 2, 4, 5}) {
                DataItem alone = instance.once(Params.EMPTY, batch.get(i).inputs()).getFirst();
                DataItem batched = ((BatchOutcome.Outputs) outcomes.get(i)).items().getFirst();
                assertThat(batched.descriptors()).isEqualTo(alone.descriptors());
                assertThat(toFloats(batched.data())).containsExactly(toFloats(alone.data()),
                        org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void aRequestThatDoesNotFitFailsAloneAndTheOthersAreAnswered() throws Exception {
        try (BatchEngine engine = open("mnist.onnx", mnistModel())) {
            BatchWrapper instance = (BatchWrapper) engine.newInstance();
            BatchItem good = new BatchItem(Params.EMPTY, List.of(tensor("input", floats(new float[784]), "1,1,28,28")));
            BatchItem shortData = new BatchItem(Params.EMPTY, List.of(tensor("input", floats(new float[700]), "1,1,28,28")));
            BatchItem wrongName = new BatchItem(Params.EMPTY, List.of(tensor("pixels", floats(new float[784]), "1,1,28,28")));

            List<BatchOutcome> outcomes = instance.onceBatch(List.of(good, shortData, good, wrongName));

            assertThat(outcomes.get(0)).isInstanceOf(BatchOutcome.Outputs.class);
            assertThat(outcomes.get(2)).isInstanceOf(BatchOutcome.Outputs.class);
            assertThat(outcomes.get(1)).isInstanceOfSatisfying(BatchOutcome.Failed.class,
                    f -> assertThat(f.error().code()).isEqualTo(ErrorCodes.INVALID_DATA));
            assertThat(outcomes.get(3)).isInstanceOfSatisfying(BatchOutcome.Failed.class,
                    f -> assertThat(f.error().code()).isEqualTo(ErrorCodes.INVALID_PARAM));
            assertThat(engine.batchKey(Params.EMPTY, shortData.inputs())).isEmpty();
            assertThat(engine.batchKey(Params.EMPTY, wrongName.inputs())).isEmpty();
        }
    }

    @Test
    void shapesBeyondDimensionZeroMakeDifferentKeysAndAFixedBatchDimensionRunsRequestsOneByOne() throws Exception {
        byte[] open = new HandBuiltModel().input("x", HandBuiltModel.FLOAT, "N", "M")
                .output("y", HandBuiltModel.FLOAT, "N", "M").node("Identity", List.of("x"), List.of("y")).bytes();
        byte[] fixed = new HandBuiltModel().input("x", HandBuiltModel.FLOAT, 2, "M")
                .output("y", HandBuiltModel.FLOAT, 2, "M").node("Identity", List.of("x"), List.of("y")).bytes();
        try (BatchEngine engine = open("open.onnx", open); BatchEngine fixedEngine = open("fixed.onnx", fixed)) {
            assertThat(engine.batchKey(Params.EMPTY, List.of(tensor("x", floats(1, 2, 3), "1,3"))))
                    .isNotEqualTo(engine.batchKey(Params.EMPTY, List.of(tensor("x", floats(1, 2, 3, 4), "1,4"))));
            assertThat(engine.batchKey(Params.EMPTY, List.of(tensor("x", floats(1, 2, 3), "1,3"))))
                    .isEqualTo(engine.batchKey(Params.EMPTY, List.of(tensor("x", floats(1, 2, 3, 4, 5, 6), "2,3"))));
            assertThat(fixedEngine.batchKey(Params.EMPTY, List.of(tensor("x", floats(1, 2, 3, 4), "2,2")))).isEmpty();

            BatchWrapper instance = (BatchWrapper) engine.newInstance();
            List<BatchOutcome> outcomes = instance.onceBatch(List.of(
                    new BatchItem(Params.EMPTY, List.of(tensor("x", floats(1, 2, 3), "1,3"))),
                    new BatchItem(Params.EMPTY, List.of(tensor("x", floats(4, 5), "1,2"))),
                    new BatchItem(Params.EMPTY, List.of(tensor("x", floats(6, 7, 8, 9, 10, 11), "2,3")))));
            assertThat(toFloats(((BatchOutcome.Outputs) outcomes.get(0)).items().getFirst().data())).containsExactly(1, 2, 3);
            assertThat(outcomes.get(1)).isInstanceOf(BatchOutcome.Failed.class);
            DataItem third = ((BatchOutcome.Outputs) outcomes.get(2)).items().getFirst();
            assertThat(toFloats(third.data())).containsExactly(6, 7, 8, 9, 10, 11);
            assertThat(third.descriptors()).containsEntry("shape", "2,3");

            List<BatchOutcome> alone = ((BatchWrapper) fixedEngine.newInstance()).onceBatch(List.of(
                    new BatchItem(Params.EMPTY, List.of(tensor("x", floats(1, 2, 3, 4), "2,2"))),
                    new BatchItem(Params.EMPTY, List.of(tensor("x", floats(5, 6, 7, 8, 9, 10), "2,3")))));
            assertThat(toFloats(((BatchOutcome.Outputs) alone.get(0)).items().getFirst().data())).containsExactly(1, 2, 3, 4);
            assertThat(toFloats(((BatchOutcome.Outputs) alone.get(1)).items().getFirst().data())).containsExactly(5, 6, 7, 8, 9, 10);
        }
    }
}
