package io.aiges.config;

import io.aiges.api.EngineSpec;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Random damage to a Triton config.pbtxt: the model either loads, or its load fails with a
 * message naming the file (10903). No other exception escapes, and nothing hangs.
 */
class TritonConfigFuzzTest {
    private static final String[] TOKENS = {"{", "}", "[", "]", ":", "\"", ",", "#", "\n", " ", "0", "-1", "8",
            "18446744073709551615", "99999999999", "1e9", "0x7f", "true", "\"mnist\"", "\"x\"", "name", "platform",
            "backend", "max_batch_size", "dynamic_batching", "preferred_batch_size", "max_queue_delay_microseconds",
            "instance_group", "count", "kind", "KIND_GPU", "KIND_X", "version_policy", "latest", "all", "specific",
            "versions", "num_versions", "parameters", "key", "value", "string_value", "input", "dims", "reshape",
            "shape", "TYPE_FP32", "optimization", "<", ">", ";", "'", "\\", "\\x", "\u00e9", "\0"};

    private static final ServiceConfig TEMPLATE = new ServiceConfig("svcName",
            new EngineSpec("svcName", "gate", "x", null, Map.of(), Path.of(".")),
            new PoolConfig(2, 7, Duration.ofSeconds(3)), Duration.ofSeconds(9));

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(longs = {20_261_202L, 7L, 42L})
    void damagedConfigurationsLoadOrNameTheFile(long seed) throws IOException {
        Path model = Files.createDirectories(root.resolve("mnist"));
        for (String version : List.of("1", "2")) {
            Files.writeString(Files.createDirectories(model.resolve(version)).resolve("model.onnx"), "onnx");
        }
        Path file = model.resolve("config.pbtxt");
        ModelFolderSettings settings = new ModelFolderSettings(warning -> { });
        Random random = new Random(seed);
        int loaded = 0;
        for (int i = 0; i < 1500; i++) {
            String text = mutate(TritonModelFolderTest.MNIST, random);
            Files.writeString(file, text);
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> settings.service("mnist", model,
                        settings.servedVersion("mnist", model, List.of("1", "2")), TEMPLATE));
                loaded++;
            } catch (AigesException e) {
                assertThat(e.code()).as(text).isEqualTo(10903);
                assertThat(e.getMessage()).as(text).contains(file.toString());
            } catch (RuntimeException e) {
                fail("seed " + seed + " case " + i + ": " + e + " escaped for\n" + text, e);
            }
        }
        assertThat(loaded).as("some damage is harmless").isPositive();
    }

    /** One to four edits: a character removed, a token put in, or a span repeated. */
    private static String mutate(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
            int at = random.nextInt(out.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> {
                    if (at < out.length()) {
                        out.deleteCharAt(at);
                    }
                }
                case 1 -> out.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                default -> {
                    int end = Math.min(out.length(), at + random.nextInt(20));
                    out.insert(at, out.substring(at, end));
                }
            }
        }
        return out.toString();
    }
}
