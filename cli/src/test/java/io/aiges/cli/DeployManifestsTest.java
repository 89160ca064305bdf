package io.aiges.cli;

import io.aiges.config.ConfigLoader;
import io.aiges.config.AigesConfig;
import io.aiges.config.AuthConfig;
import io.aiges.engine.jobs.JobsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes validates against the Kubernetes API schemas (npm's kubernetes-models, pinned
 * by deploy/validate/package-lock.json and installed with {@code npm ci} on first use), with no
 * cluster; and the aiges.toml its ConfigMap carries is one aiges reads without a warning.
 */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of(System.getProperty("aiges.deploy", "../deploy")).toAbsolutePath().normalize();
    private static final Path VALIDATOR = DEPLOY.resolve("validate");

    @TempDir
    Path dir;

    private record Run(int exit, String output) {
    }

    private static Run run(Path cwd, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(timeoutSeconds, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        return new Run(process.exitValue(), new String(output));
    }

    @BeforeAll
    static void installValidator() throws Exception {
        if (!Files.isDirectory(VALIDATOR.resolve("node_modules/kubernetes-models"))) {
            Run install = run(VALIDATOR, 300, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exit()).as("npm ci in %s: %s", VALIDATOR, install.output()).isZero();
        }
    }

    @Test
    void theManifestsValidateAndTheirAigesTomlLoadsCleanly() throws Exception {
        Path toml = dir.resolve("aiges.toml");
        Run validate = run(VALIDATOR, 60, "node", "validate.mjs", DEPLOY.resolve("kubernetes").toString(),
                "--config-out", toml.toString());
        assertThat(validate.exit()).as(validate.output()).isZero();
        assertThat(validate.output()).contains("ok deployment.yaml: Deployment/aiges", "ok hpa.yaml: HorizontalPodAutoscaler/aiges",
                "ok pdb.yaml: PodDisruptionBudget/aiges", "ok service.yaml: Service/aiges", "ok configmap.yaml: ConfigMap/aiges-config",
                "ok secret.yaml: Secret/aiges-keys");

        // The keys file is the Secret's, mounted in the pod; here a file of the same form stands in.
        Path keys = Files.writeString(dir.resolve("keys.txt"), "example-client:stand-in-secret\n");
        Files.writeString(toml, Files.readString(toml).replace("\"/etc/aiges/keys/keys.txt\"", "\"" + keys + "\""));
        List<String> warnings = new ArrayList<>();
        AigesConfig config = new ConfigLoader(Map.of(), warnings::add).load(toml, "svcName");
        assertThat(warnings).isEmpty();
        assertThat(config.http().host()).as("reached by the Service and the probes").isEqualTo("0.0.0.0");
        assertThat(config.grpc().host()).isEqualTo("0.0.0.0");
        assertThat(config.auth().mode()).isEqualTo(AuthConfig.Mode.APIKEY);
        assertThat(config.auth().keysFile()).isEqualTo(keys);
        assertThat(config.auth().openMetrics()).as("scraped in the cluster without a key").isTrue();
        assertThat(config.jobs().backend()).isEqualTo(JobsConfig.REDIS);
        assertThat(config.jobs().redis()).isEqualTo("redis://aiges-redis:6379");
        assertThat(config.http().port()).isEqualTo(1888);
        assertThat(config.drainTimeout().toSeconds()).as("drains within terminationGracePeriodSeconds = 30").isLessThan(30);
    }

    /** The image's aiges.toml is the default file made to listen on every interface of its container. */
    @Test
    void theContainerImagesFileListensOnEveryInterface() throws Exception {
        String containerfile = Files.readString(DEPLOY.resolve("Containerfile"));
        String sed = containerfile.lines().filter(line -> line.startsWith("RUN sed ")).findFirst().orElseThrow()
                .substring("RUN ".length()).replaceFirst(" > \\S+$", "");
        Path repo = DEPLOY.getParent();
        Path image = dir.resolve("image.toml");
        Run edit = run(repo, 30, "sh", "-c", sed + " > " + image);
        assertThat(edit.exit()).as(edit.output()).isZero();
        assertThat(containerfile).contains("COPY --from=build /src/aiges.toml /etc/aiges/aiges.toml");

        List<String> warnings = new ArrayList<>();
        AigesConfig config = new ConfigLoader(Map.of(), warnings::add).load(image, "svcName");
        assertThat(warnings).isEmpty();
        assertThat(config.http().host()).isEqualTo("0.0.0.0");
        assertThat(config.http().port()).isEqualTo(1888);
        assertThat(config.grpc().host()).isEqualTo("0.0.0.0");
        assertThat(Files.readString(image)).contains("elogHost = \"127.0.0.1\"", "host = \"127.0.0.1\"          # ignored");
    }

    @Test
    void aBrokenManifestIsRefusedWithWhatIsWrong() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        for (String file : List.of("configmap.yaml", "service.yaml", "hpa.yaml", "pdb.yaml", "secret.yaml")) {
            Files.copy(DEPLOY.resolve("kubernetes").resolve(file), broken.resolve(file));
        }
        Files.writeString(broken.resolve("deployment.yaml"), Files.readString(DEPLOY.resolve("kubernetes/deployment.yaml"))
                .replace("containerPort: 1888", "containerPort: \"1888\"")
                .replace("path: /health/ready", "path: /ready"));

        Run validate = run(VALIDATOR, 60, "node", "validate.mjs", broken.toString());
        assertThat(validate.exit()).as(validate.output()).isEqualTo(1);
        assertThat(validate.output()).contains("containerPort must be integer", "readinessProbe must GET /health/ready");
    }
}
