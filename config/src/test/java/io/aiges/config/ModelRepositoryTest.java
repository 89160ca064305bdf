package io.aiges.config;

import io.aiges.api.EngineSpec;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.ClientLimitConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.repository.ModelRepository;
import io.aiges.engine.service.EngineForms;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which folders are models, which version is served, and what config.properties changes. */
class ModelRepositoryTest {
    private static final ServiceConfig TEMPLATE = new ServiceConfig("svcName",
            new EngineSpec("svcName", "gate", "x", null, Map.of(), Path.of(".")),
            new PoolConfig(2, 7, Duration.ofSeconds(3)), Duration.ofSeconds(9));

    @TempDir
    Path root;

    /** Deprecation warnings of config.properties keys. */
    private final List<String> warnings = new ArrayList<>();
    private final ModelFolderSettings folders = new ModelFolderSettings(warnings::add);
    private final ServiceRegistry registry = ServiceRegistry.open(List.of(), EngineForms.onClassPath());

    @AfterEach
    void close() {
        registry.close();
    }

    private void model(String name, String properties, String... versions) throws IOException {
        for (String version : versions) {
            Files.createDirectories(root.resolve(name).resolve(version));
        }
        if (properties != null) {
            Files.writeString(root.resolve(name).resolve("config.properties"), properties);
        }
    }

    @Test
    void theHighestNumericVersionIsServedWithItsConfiguration() throws Exception {
        model("m", "form = gate\nartefact = weights.bin\nlicence = 3\nrequestTimeoutMs = 1500\nwrapper.k = v\nmaxBatch = 8\n",
                "1", "2", "10", "latest");
        model("plain", "form = gate\nartefact = a\n", "1");
        Files.createDirectories(root.resolve("no-versions/abc"));
        Files.createDirectories(root.resolve("bad name!/1"));
        ModelRepository repository = new ModelRepository(root, folders, TEMPLATE, registry, Duration.ofSeconds(1));

        assertThat(repository.names()).containsExactly("m", "plain");
        repository.loadAll();
        assertThat(repository.version("m")).hasValue("10");
        Service m = registry.get("m");
        assertThat(m.config().pool().licence()).isEqualTo(3);
        assertThat(m.config().pool().queueSize()).isEqualTo(7);
        assertThat(m.config().requestTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(m.config().engine().config()).containsEntry("k", "v");
        assertThat(m.config().engine().options()).containsEntry("maxBatch", "8");
        assertThat(m.config().engine().baseDir()).isEqualTo(root.resolve("m/10").toAbsolutePath());
        assertThat(registry.get("plain").config().pool().licence()).isEqualTo(2);
    }

    @Test
    void aModelGetsTheServersPerClientLimits() throws Exception {
        model("m", "form = gate\nartefact = a\n", "1");
        ClientLimitConfig limits = new ClientLimitConfig(2, 30);
        new ModelRepository(root, folders, TEMPLATE.withClientLimits(limits), registry, Duration.ofSeconds(1)).loadAll();
        assertThat(registry.get("m").config().clientLimits()).isEqualTo(limits);
    }

    @Test
    void indexShowsLoadedUnloadedAndFailedModels() throws Exception {
        model("good", "form = gate\nartefact = a\n", "1");
        ModelRepository repository = new ModelRepository(root, folders, TEMPLATE, registry, Duration.ofSeconds(1));
        repository.loadAll();
        model("bad", "form = gate\nartefact = fail\n", "3");
        model("later", "form = gate\nartefact = a\n", "2");
        assertThatThrownBy(() -> repository.load("bad"))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10903));
        assertThat(repository.index()).containsExactly(
                new ModelRepository.Entry("bad", "3", ModelRepository.State.UNAVAILABLE,
                        "service bad: loading gate engine failed: this engine never loads;code=10903"),
                new ModelRepository.Entry("good", "1", ModelRepository.State.READY, ""),
                new ModelRepository.Entry("later", "2", ModelRepository.State.UNAVAILABLE, "not loaded"));
        repository.unload("good");
        assertThat(repository.version("good")).isEmpty();
        assertThatThrownBy(() -> repository.unload("good"))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10404));
        assertThatThrownBy(() -> repository.load("../etc"))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10404));
    }

    @Test
    void aConfigurationThatSaysNothingUsableIsAClearError() throws Exception {
        model("nolicence", "form = gate\nartefact = a\nlicence = many\n", "1");
        model("noform", "licence = 1\n", "1");
        model("nobatch", "form = gate\nartefact = a\nmaxBatch = 0\n", "1");
        ModelRepository repository = new ModelRepository(root, folders, TEMPLATE, registry, Duration.ofSeconds(1));
        assertThatThrownBy(() -> repository.load("nolicence")).hasMessageContaining("licence must be a whole number");
        assertThatThrownBy(() -> repository.load("noform")).hasMessageContaining("must say its form");
        assertThatThrownBy(() -> repository.load("nobatch")).hasMessageContaining("maxBatch must be 1 or more");
    }

    @Test
    void aTritonFolderWhoseConfigurationDoesNotParseIsListedWithFileAndLine() throws Exception {
        Files.writeString(Files.createDirectories(root.resolve("t/1")).resolve("model.onnx"), "onnx");
        Files.writeString(root.resolve("t/config.pbtxt"), "name: \"t\"\nmax_batch_size: {\n");
        ModelRepository repository = new ModelRepository(root, folders, TEMPLATE, registry, Duration.ofSeconds(1));

        assertThat(repository.names()).containsExactly("t");
        assertThatThrownBy(() -> repository.load("t")).hasMessageStartingWith("model t: t/config.pbtxt:2:");
        assertThat(repository.index()).singleElement().satisfies(entry -> {
            assertThat(entry.state()).isEqualTo(ModelRepository.State.UNAVAILABLE);
            assertThat(entry.reason()).startsWith("model t: t/config.pbtxt:2:").doesNotContain(root.toString());
        });
    }
}
