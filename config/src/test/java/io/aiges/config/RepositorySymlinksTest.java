package io.aiges.config;

import io.aiges.api.EngineSpec;
import io.aiges.engine.AigesException;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.RepositoryConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.repository.ModelRepository;
import io.aiges.engine.service.EngineForms;
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

/**
 * Links out of the model repository are refused unless {@code [repository] followSymlinks = true};
 * links that stay inside are followed. Refusals name paths from the repository's root, never the
 * server's folders or the link's target.
 */
class RepositorySymlinksTest {
    private static final ServiceConfig TEMPLATE = new ServiceConfig("svcName",
            new EngineSpec("svcName", "gate", "x", null, Map.of(), Path.of(".")),
            new PoolConfig(1, 1, Duration.ofSeconds(1)), Duration.ofSeconds(1));
    private static final String GATE = "form = gate\nartefact = weights.bin\n";

    @TempDir
    Path temp;

    /** Deprecation warnings of config.properties keys. */
    private final List<String> warnings = new ArrayList<>();
    private final ModelFolderSettings folders = new ModelFolderSettings(warnings::add);
    private final ServiceRegistry registry = ServiceRegistry.open(List.of(), EngineForms.onClassPath());

    @AfterEach
    void close() {
        registry.close();
    }

    private Path root() throws IOException {
        return Files.createDirectories(temp.resolve("models"));
    }

    /** A folder beside the repository, as a link's target the server must not serve. */
    private Path outside() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("elsewhere"));
        Files.writeString(outside.resolve("weights.bin"), "secret");
        return outside;
    }

    private ModelRepository repository(boolean followSymlinks) throws IOException {
        return new ModelRepository(root(), new RepositoryConfig(followSymlinks), folders, TEMPLATE, registry,
                Duration.ofSeconds(1));
    }

    private void refused(ModelRepository repository, String model, String shown) {
        assertThatThrownBy(() -> repository.load(model)).isInstanceOfSatisfying(AigesException.class, e -> {
            assertThat(e.code()).isEqualTo(10903);
            assertThat(e.getMessage()).contains("model " + model + ": " + shown + " resolves outside the model repository",
                    "[repository] followSymlinks = true").doesNotContain(temp.toString()).doesNotContain("secret");
        });
        assertThat(repository.version(model)).isEmpty();
    }

    @Test
    void aModelFileLinkedOutsideIsRefusedByDefault() throws Exception {
        Path version = Files.createDirectories(root().resolve("m/1"));
        Files.writeString(root().resolve("m/config.properties"), GATE);
        Files.createSymbolicLink(version.resolve("weights.bin"), outside().resolve("weights.bin"));
        ModelRepository repository = repository(false);
        refused(repository, "m", "m/1/weights.bin");
        assertThat(repository.index()).singleElement().satisfies(entry -> assertThat(entry.reason())
                .startsWith("model m: m/1/weights.bin resolves outside").doesNotContain(temp.toString()));
        assertThatThrownBy(repository::loadAll).hasMessageContaining("m/1/weights.bin");
    }

    @Test
    void aVersionFolderOrModelFolderLinkedOutsideIsRefused() throws Exception {
        Files.writeString(Files.createDirectories(outside().resolve("v1")).resolve("model.onnx"), "secret");
        Files.createDirectories(root().resolve("versions"));
        Files.writeString(root().resolve("versions/config.properties"), GATE);
        Files.createSymbolicLink(root().resolve("versions/1"), outside().resolve("v1"));
        Files.createDirectories(outside().resolve("whole/1"));
        Files.writeString(outside().resolve("whole/config.properties"), GATE);
        Files.createSymbolicLink(root().resolve("whole"), outside().resolve("whole"));
        ModelRepository repository = repository(false);
        assertThat(repository.names()).containsExactly("versions", "whole");
        refused(repository, "versions", "versions/1");
        refused(repository, "whole", "whole");
    }

    @Test
    void aTritonConfigurationLinkedOutsideIsRefusedBeforeItIsRead() throws Exception {
        Files.writeString(outside().resolve("passwords"), "root:secret\n");
        Files.writeString(Files.createDirectories(root().resolve("m/1")).resolve("model.onnx"), "onnx");
        Files.createSymbolicLink(root().resolve("m/config.pbtxt"), outside().resolve("passwords"));
        refused(repository(false), "m", "m/config.pbtxt");
    }

    @Test
    void aConfigurationLinkedOutsideIsRefusedBeforeItIsRead() throws Exception {
        Files.writeString(outside().resolve("passwords"), "licence = secret\n");
        Files.createDirectories(root().resolve("m/1"));
        Files.createSymbolicLink(root().resolve("m/config.properties"), outside().resolve("passwords"));
        refused(repository(false), "m", "m/config.properties");
    }

    @Test
    void anArtefactNamedOutsideTheRepositoryIsRefused() throws Exception {
        outside();
        Files.createDirectories(root().resolve("m/1"));
        Files.writeString(root().resolve("m/config.properties"), "form = gate\nartefact = ../../../elsewhere/weights.bin\n");
        refused(repository(false), "m", "weights.bin");
    }

    @Test
    void followSymlinksServesLinksOutOfTheRepository() throws Exception {
        Path version = Files.createDirectories(root().resolve("m/1"));
        Files.writeString(root().resolve("m/config.properties"), GATE);
        Files.createSymbolicLink(version.resolve("weights.bin"), outside().resolve("weights.bin"));
        Files.createDirectories(outside().resolve("v1"));
        Files.createDirectories(root().resolve("versions"));
        Files.writeString(root().resolve("versions/config.properties"), GATE);
        Files.createSymbolicLink(root().resolve("versions/1"), outside().resolve("v1"));
        ModelRepository repository = repository(true);
        repository.loadAll();
        assertThat(repository.version("m")).hasValue("1");
        assertThat(repository.version("versions")).hasValue("1");
    }

    @Test
    void linksThatStayInsideTheRepositoryAreFollowed() throws Exception {
        Path shared = Files.createDirectories(root().resolve("_shared"));
        Files.writeString(shared.resolve("weights.bin"), "weights");
        Path version = Files.createDirectories(root().resolve("m/1"));
        Files.writeString(root().resolve("m/config.properties"), GATE);
        Files.createSymbolicLink(version.resolve("weights.bin"), Path.of("../../_shared/weights.bin"));
        Files.createSymbolicLink(root().resolve("m/2"), Path.of("1"));
        Files.createSymbolicLink(version.resolve("loop"), Path.of("."));
        // The repository itself may be a link: what counts is where its models are, seen from its real root.
        Path linkedRoot = Files.createSymbolicLink(temp.resolve("models-link"), root());
        ModelRepository repository = new ModelRepository(linkedRoot, RepositoryConfig.DEFAULTS, folders, TEMPLATE, registry,
                Duration.ofSeconds(1));
        repository.loadAll();
        assertThat(repository.version("m")).hasValue("2");
    }
}
