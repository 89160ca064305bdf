package io.aiges.demo.mnist;

import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.ErrorCodes;
import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo engine as a user meets it: send the seed picture, see 7. */
class MnistEngineTest {
    private static final byte[] BLANK = Pictures.png(new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY));
    private static Engine engine;

    @BeforeAll
    static void load() throws WrapperException {
        engine = MnistEngine.load();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void theSeedPictureIsASevenInTheOriginalDemosWords() throws WrapperException {
        List<DataItem> out = engine.newInstance().once(Params.EMPTY, List.of(DataItem.of("img", SeedImage.bytes(), DataType.IMAGE)));

        assertThat(out).singleElement().satisfies(result -> {
            assertThat(result.key()).isEqualTo("result");
            assertThat(result.type()).isEqualTo(DataType.TEXT);
            assertThat(result.status()).isEqualTo(DataStatus.ONCE);
            assertThat(result.descriptors()).isEqualTo(Map.of("encoding", "utf8", "format", "json"));
            assertThat(result.asText()).matches("\\{\"result\": 7, \"msg\": \"识别结果为数字: 7\", \"probability\": (0\\.9\\d{3}|1\\.0000)}");
        });
    }

    @Test
    void aBatchOfPicturesAnswersEachAloneAndABadPictureFailsOnlyItself() throws WrapperException {
        BatchWrapper instance = (BatchWrapper) engine.newInstance();
        BatchItem seven = new BatchItem(Params.EMPTY, List.of(DataItem.of("img", SeedImage.bytes(), DataType.IMAGE)));
        BatchItem blank = new BatchItem(Params.EMPTY, List.of(DataItem.of("img", BLANK, DataType.IMAGE)));
        BatchItem text = new BatchItem(Params.EMPTY, List.of(DataItem.of("img", "a seven".getBytes(StandardCharsets.UTF_8), DataType.IMAGE)));
        String alone = instance.once(Params.EMPTY, seven.inputs()).getFirst().asText();

        List<BatchOutcome> outcomes = instance.onceBatch(List.of(seven, blank, seven, text, seven));

        for (int i : new int[] {0, 2, 4}) {
            assertThat(outcomes.get(i)).isInstanceOfSatisfying(BatchOutcome.Outputs.class,
                    out -> assertThat(out.items().getFirst().asText()).isEqualTo(alone));
        }
        for (int i : new int[] {1, 3}) {
            assertThat(outcomes.get(i)).isInstanceOfSatisfying(BatchOutcome.Failed.class,
                    failed -> assertThat(failed.error().code()).isEqualTo(ErrorCodes.INVALID_DATA));
        }
    }

    @Test
    void aPhotoSizedPictureIsASevenToo() throws WrapperException {
        BufferedImage photo = Pictures.inverted(Pictures.padded(Pictures.scaled(SeedImage.image(), 8), 4800, 3000, 2500, 700,
                Color.BLACK));
        byte[] jpeg = Pictures.jpeg(photo, 0.85f);

        assertThat(answer(engine.newInstance(), List.of(DataItem.of("img", jpeg, DataType.IMAGE)))).startsWith("{\"result\": 7,");
    }

    @Test
    void theImageIsTheOnlyInputWhateverItsTypeOrTheOneKeyedImgOrTheFirstImage() throws WrapperException {
        Wrapper instance = engine.newInstance();
        DataItem text = DataItem.text("note", "hello");
        DataItem blank = DataItem.of("other", BLANK, DataType.IMAGE);

        assertThat(answer(instance, List.of(DataItem.of("whatever", SeedImage.bytes(), DataType.OTHER)))).startsWith("{\"result\": 7,");
        assertThat(answer(instance, List.of(text, blank, DataItem.of("img", SeedImage.bytes(), DataType.OTHER))))
                .startsWith("{\"result\": 7,");
        assertThat(answer(instance, List.of(text, DataItem.of("picture", SeedImage.bytes(), DataType.IMAGE), blank)))
                .startsWith("{\"result\": 7,");
    }

    @Test
    void noImageIsTheCallersMistake() throws WrapperException {
        Wrapper instance = engine.newInstance();

        for (List<DataItem> inputs : List.of(List.<DataItem>of(), List.of(DataItem.text("a", "x"), DataItem.text("b", "y")))) {
            assertThatThrownBy(() -> instance.once(Params.EMPTY, inputs))
                    .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_DATA))
                    .hasMessageContaining("no image in the request");
        }
    }

    @Test
    void picturesWithoutADigitAreTheCallersMistake() throws WrapperException {
        Wrapper instance = engine.newInstance();

        assertThatThrownBy(() -> answer(instance, List.of(DataItem.of("img", BLANK, DataType.IMAGE))))
                .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_DATA))
                .hasMessage("no digit found in the image");
        assertThatThrownBy(() -> answer(instance, List.of(DataItem.of("img", "a seven".getBytes(StandardCharsets.UTF_8), DataType.IMAGE))))
                .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_DATA))
                .hasMessageStartingWith("image could not be decoded: ");
    }

    @Test
    void instancesShareOneSessionSafely() throws Exception {
        byte[] seed = SeedImage.bytes();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Wrapper instance = engine.newInstance();
                for (int request = 0; request < 10; request++) {
                    answers.add(threads.submit(() -> answer(instance, List.of(DataItem.of("img", seed, DataType.IMAGE)))));
                }
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get()).startsWith("{\"result\": 7,");
            }
        }
    }

    @Test
    void theSchemaAndVersionDescribeTheDemo() {
        ServiceSchema schema = engine.schema();

        assertThat(schema.inputs()).singleElement().satisfies(img -> {
            assertThat(img.name()).isEqualTo("img");
            assertThat(img.type()).isEqualTo(DataType.IMAGE);
            assertThat(img.description()).isEqualTo("PNG or JPEG of one handwritten digit, any size");
        });
        assertThat(schema.outputs()).singleElement().satisfies(result -> {
            assertThat(result.name()).isEqualTo("result");
            assertThat(result.type()).isEqualTo(DataType.TEXT);
            assertThat(result.descriptors()).containsEntry("format", "json");
        });
        assertThat(engine.version()).startsWith("mnist-cnn 1.0 (onnxruntime 1.");
    }

    private static String answer(Wrapper instance, List<DataItem> inputs) throws WrapperException {
        return instance.once(Params.EMPTY, inputs).getFirst().asText();
    }
}
