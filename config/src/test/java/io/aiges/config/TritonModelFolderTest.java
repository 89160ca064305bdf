package io.aiges.config;

import io.aiges.api.EngineSpec;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A model folder laid out for Triton: what its config.pbtxt makes of the service, and what it refuses. */
class TritonModelFolderTest {
    private static final ServiceConfig TEMPLATE = new ServiceConfig("svcName",
            new EngineSpec("svcName", "gate", "x", null, Map.of(), Path.of("."), Map.of("device", "cpu")),
            new PoolConfig(3, 7, Duration.ofSeconds(3)), Duration.ofSeconds(9));
    /** Triton's own example layout for an ONNX MNIST model, with batching and two instances. */
    static final String MNIST = """
            name: "mnist"
            platform: "onnxruntime_onnx"
            max_batch_size: 8
            input [
              { name: "Input3" data_type: TYPE_FP32 dims: [ 1, 28, 28 ] }
            ]
            output [
              { name: "Plus214_Output_0" data_type: TYPE_FP32 dims: [ 10 ] }
            ]
            dynamic_batching {
              preferred_batch_size: [ 4, 8 ]
              max_queue_delay_microseconds: 500
            }
            instance_group [ { count: 2 kind: KIND_CPU } ]
            parameters { key: "intra_op_thread_count" value: { string_value: "1" } }
            """;

    @TempDir
    Path root;

    private final List<String> warnings = new ArrayList<>();
    private final ModelFolderSettings settings = new ModelFolderSettings(warnings::add);

    private Path model(String name, String pbtxt, String... versions) throws IOException {
        Path model = Files.createDirectories(root.resolve(name));
        for (String version : versions) {
            Files.writeString(Files.createDirectories(model.resolve(version)).resolve("model.onnx"), "onnx");
        }
        Files.writeString(model.resolve("config.pbtxt"), pbtxt);
        return model;
    }

    private ServiceConfig read(String name, String pbtxt, String... versions) throws IOException {
        Path model = model(name, pbtxt, versions);
        String version = settings.servedVersion(name, model, List.of(versions));
        return settings.service(name, model, version, TEMPLATE);
    }

    @Test
    void batchingInstancesAndMaxBatchSizeAreTheConfigurations() throws IOException {
        ServiceConfig config = read("mnist", MNIST, "1", "2");

        assertThat(config.name()).isEqualTo("mnist");
        assertThat(config.engine().form()).isEqualTo("onnx");
        assertThat(config.engine().artefact()).isEqualTo("model.onnx");
        assertThat(config.engine().baseDir()).isEqualTo(root.resolve("mnist/2"));
        assertThat(config.engine().options()).containsEntry("maxBatch", "8").containsEntry("device", "cpu");
        assertThat(config.engine().config()).containsExactly(Map.entry("intra_op_thread_count", "1"));
        assertThat(config.pool().licence()).isEqualTo(2);
        assertThat(config.batching().maxBatchSize()).isEqualTo(8);
        assertThat(config.batching().maxBatchDelay()).isEqualTo(Duration.ofNanos(500_000));
        assertThat(config.batching().preferredBatchSizes()).containsExactly(4, 8);
        assertThat(config.batching().queueSize()).isEqualTo(7);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void whatIsNotHonouredIsNamedInOneWarning() throws IOException {
        read("mnist", MNIST + "optimization { graph { level: 1 } }\nmodel_warmup [{ name: \"w\" }]\n"
                + "instance_group [ { gpus: [0] } ]\ndynamic_batching { preserve_ordering: true }\n", "1");

        assertThat(warnings).singleElement().satisfies(w -> assertThat(w)
                .startsWith("model mnist: " + root.resolve("mnist/config.pbtxt") + ": aiges does not honour ")
                .contains("input (the model file's own inputs are served), output (the model file's own outputs are served)",
                        "parameters (handed to the engine's init, as [wrapper]; the ONNX engine reads none)",
                        "instance_group.gpus", "dynamic_batching.preserve_ordering",
                        "optimization at 16:1", "model_warmup at 17:1"));
    }

    @Test
    void aConfigurationOfHonouredFieldsOnlyLoadsWithoutWarning() throws IOException {
        ServiceConfig config = read("m", "platform: \"onnxruntime_onnx\"\n", "1");

        assertThat(warnings).isEmpty();
        assertThat(config.batching().enabled()).isFalse();
        assertThat(config.pool().licence()).as("the server's [fc] max").isEqualTo(3);
        assertThat(config.engine().options()).doesNotContainKey("maxBatch");
    }

    @Test
    void instanceGroupsAddUpAndACountLeftOutIsOne() throws IOException {
        ServiceConfig config = read("m", "backend: \"onnxruntime\"\ninstance_group [{ count: 3 }, { kind: KIND_CPU }]\n", "1");
        assertThat(config.pool().licence()).isEqualTo(4);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
                                                       | 3
            version_policy: { latest { num_versions: 1 } } | 3
            version_policy: { latest { num_versions: 2 } } | 3
            version_policy: { all { } }                  | 3
            version_policy: { specific { versions: [1, 2] } } | 2
            version_policy: { specific { versions: [1, 7] } } | 1
            """)
    void theHighestVersionThePolicyAllowsIsServed(String policy, String served) throws IOException {
        Path model = model("m", policy == null ? "" : policy, "1", "2", "3");
        assertThat(settings.servedVersion("m", model, List.of("1", "2", "3"))).isEqualTo(served);
    }

    @Test
    void aPolicyAllowingSeveralVersionsSaysThatOneIsServed() throws IOException {
        read("m", "version_policy: { latest { num_versions: 2 } }\n", "1", "2", "3");
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w)
                .contains("version_policy serving versions [2, 3] at once (aiges serves one version of a model: the highest, 3)"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            name: "other"                             | name "other" must be the model folder's name, "m", as in Triton
            platform: "tensorrt_plan"                 | platform "tensorrt_plan" is not served by aiges
            backend: "python"                         | backend "python" is not served by aiges
            version_policy: { specific { versions: [9] } } | version_policy specific allows [9], none of which is a version folder
            max_batch_size: -1                        | max_batch_size must be from 0 to 4096, got -1
            max_batch_size: 5000                      | max_batch_size must be from 0 to 4096, got 5000
            dynamic_batching { }                      | dynamic_batching needs max_batch_size of 1 or more
            max_batch_size: 4 dynamic_batching { preferred_batch_size: 8 } | preferred batch size 8 must be from 1 to maxBatchSize (4)
            instance_group [{ count: -2 }]            | instance_group count must not be negative, got -2
            max_batch_size: 2 dynamic_batching { max_queue_delay_microseconds: 18446744073709551615 } | max_queue_delay_microseconds must be from 0
            name: "m"\\nmax_batch_size: many          | config.pbtxt:2:17: Couldn't parse integer
            name: "m\\n                               | config.pbtxt:1:7:
            """)
    void configurationsTritonWouldRefuseOrThatAigesCannotServeAreRefusedNamingTheFile(String pbtxt, String problem)
            throws IOException {
        assertThatThrownBy(() -> read("m", pbtxt.replace("\\n", "\n"), "1"))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10903))
                .hasMessageContaining(root.resolve("m/config.pbtxt").toString())
                .hasMessageContaining(problem);
    }

    @Test
    void aConfigurationLargerThanAnyWrittenByHandIsNotRead() throws IOException {
        String line = "#" + "-".repeat(62) + "\n";
        String comments = line.repeat((int) (TritonConfigText.MAX_BYTES / line.length()) + 1);
        assertThatThrownBy(() -> read("m", comments, "1"))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10903))
                .hasMessageContaining("config.pbtxt is larger than 1048576 bytes");
        assertThat(read("m", comments.substring(0, (int) TritonConfigText.MAX_BYTES - line.length()), "1").name()).isEqualTo("m");
    }

    @Test
    void aigesSettingsBesideTritonsAreRefused() throws IOException {
        Path model = model("m", "max_batch_size: 1\n", "1");
        Files.writeString(model.resolve("config.properties"), "fc.max = 2\n");

        assertThatThrownBy(() -> settings.service("m", model, "1", TEMPLATE))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10903))
                .hasMessageContaining("holds both config.properties and config.pbtxt; keep one");
    }

    @Test
    void aVersionWithoutTheModelFileIsRefused() throws IOException {
        Path model = model("m", "", "1");
        Files.createDirectories(model.resolve("2"));
        assertThatThrownBy(() -> settings.service("m", model, "2", TEMPLATE))
                .hasMessageContaining("version 2 has no model.onnx");
    }

    @Test
    void theFileIsASettingsFileTheRepositoryKeepsInsideItself() {
        assertThat(settings.settingsFiles()).contains("config.pbtxt", "config.properties");
    }
}
