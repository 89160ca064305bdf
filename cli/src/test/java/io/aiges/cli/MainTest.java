package io.aiges.cli;

import io.aiges.config.ConfigLoader;
import io.aiges.config.AigesConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user of the original AIservice types it. */
class MainTest {

    @TempDir
    Path dir;

    @Test
    void noArgumentsPrintsTheUsageOnStdoutAndSucceeds() {
        Cli cli = Cli.run(dir);

        assertThat(cli.exit()).isZero();
        assertThat(cli.out()).contains("Usage: aiges -m 0", "-init", "-c=FILE", "-s=NAME", "demo", "serve");
        assertThat(cli.err()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "-help", "--help"})
    void helpFlagsPrintTheUsage(String flag) {
        Cli cli = Cli.run(dir, flag);

        assertThat(cli.exit()).isZero();
        assertThat(cli.out()).contains("Usage: aiges");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-v", "--v", "-v=true", "version"})
    void versionPrintsAigesAndTheBuildVersion(String flag) {
        Cli cli = Cli.run(dir, flag);

        assertThat(cli.exit()).isZero();
        assertThat(cli.out().strip()).matches("aiges \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-init", "--init", "-init=true", "init"})
    void initWritesTheDefaultFileThatTheLoaderReadsBack(String flag) throws Exception {
        Cli cli = Cli.run(dir, flag);

        assertThat(cli.exit()).isZero();
        assertThat(cli.out()).contains("wrote", "aiges -m 0 -c aiges.toml -s svcName");
        AigesConfig config = new ConfigLoader(Map.of(), w -> { }).load(dir.resolve("aiges.toml"), "svcName");
        assertThat(config.service().name()).isEqualTo("svcName");
        assertThat(config.service().engine().form()).isEqualTo("onnx");
        assertThat(config.service().engine().artefact()).isEqualTo("builtin:mnist");
        assertThat(config.http().port()).isEqualTo(1888);
    }

    /**
     * {@code AIGES_PLUGIN_MODE=c aiges -init}, as the original's users run it: the file names that
     * form, and loading it with the variable still set warns about nothing (no override, no
     * interpreter that is not python, no asyncMode a synchronous engine would hang under).
     */
    @ParameterizedTest
    @ValueSource(strings = {"c", "python", "java", "onnx"})
    void initWritesTheFormThePluginModeNamesAndServingItWarnsOfNothing(String mode) throws Exception {
        Map<String, String> env = Map.of("AIGES_PLUGIN_MODE", mode);
        assertThat(Cli.run(dir, env, "-init").exit()).isZero();
        List<String> warnings = new java.util.ArrayList<>();
        AigesConfig config = new ConfigLoader(env, warnings::add).load(dir.resolve("aiges.toml"), "svcName");
        assertThat(config.service().engine().form()).isEqualTo(mode);
        assertThat(warnings).isEmpty();
        assertThat(config.service().engine().options()).containsEntry("asyncMode", "false")
                .containsEntry("pythonPluginCmd", "/usr/bin/python3");
        assertThat(Files.readString(dir.resolve("aiges.toml"))).contains(
                String.format("%-28s# honoured: c | python", "form = \"" + mode + "\""));
    }

    @Test
    void aSecondInitLeavesTheExistingFileAlone() throws IOException {
        Path file = dir.resolve("aiges.toml");
        assertThat(Cli.run(dir, "-init").exit()).isZero();
        Files.writeString(file, "# mine\n[svcName]\n");

        Cli again = Cli.run(dir, "-init");

        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("already exists");
        assertThat(file).hasContent("# mine\n[svcName]\n");
    }

    @Test
    void initIsOneFlagNotFourClusteredOnes() {
        Cli cli = Cli.run(dir, "-i");

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("unknown flag: -i");
        assertThat(dir.resolve("aiges.toml")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-foo", "--foo", "-x=1", "-m0"})
    void anUnknownFlagIsNamedAndExitsTwo(String flag) {
        Cli cli = Cli.run(dir, flag);

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("aiges: unknown flag: " + flag.split("=")[0], "aiges -h");
        assertThat(cli.err().lines()).hasSize(2);
    }

    @Test
    void aBadValueNamesTheFlag() {
        Cli cli = Cli.run(dir, "-m", "abc");

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("'-m'", "'abc'");
    }

    @Test
    void aMissingValueNamesTheFlag() {
        Cli cli = Cli.run(dir, "-c");

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("'-c'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-m 1", "-m=1", "--m 2", "--m=2"})
    void configCentreModesAreNotSupported(String flags) {
        Cli cli = Cli.run(dir, flags.split(" "));

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("not supported", "use -m 0");
    }

    @Test
    void flagsWithoutAModeSayWhatIsMissing() {
        Cli cli = Cli.run(dir, "-c", "aiges.toml");

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("-m 0");
    }

    @Test
    void mnistWritesThePythonDemoProjectOnceAndSaysHowToServeIt() {
        Cli cli = Cli.run(dir, "-mnist");

        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(dir.resolve("aiges_demo/mnist/wrapper/wrapper.py")).isRegularFile();
        assertThat(dir.resolve("aiges_demo/mnist/wrapper/mnist-cnn.npz")).isRegularFile();
        assertThat(cli.out()).contains("export AIGES_PLUGIN_MODE=python PYTHONPATH=$PWD/aiges_demo/mnist/wrapper",
                "aiges -init", "aiges -m 0 -c aiges.toml -s svcName");

        Cli again = Cli.run(dir, "-mnist");

        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("aiges_demo/mnist already exists");
    }

    @Test
    void configCentreAndBvtFlagsAreAcceptedWithAWarning() {
        Cli cli = Cli.run(dir, "-p", "AIpaas", "-g=hu", "--u", "http://companion:6868", "-dc", "x",
                "-bvtAble", "true", "-bvtProject=p", "-v");

        assertThat(cli.exit()).isZero();
        assertThat(cli.out()).startsWith("aiges ");
        assertThat(cli.err()).contains("-p AIpaas ignored", "-g hu ignored", "-u http://companion:6868 ignored",
                "-dc x ignored", "-bvtAble ignored", "-bvtProject ignored");
    }

    @Test
    void serveWithTheDefaultNameWritesTheDefaultFileFirst() {
        // A bad engine form stops the run right after the file is read, before any server starts.
        Cli cli = Cli.run(dir, Map.of("AIGES_PLUGIN_MODE", "rust"), "-m", "0");

        assertThat(dir.resolve("aiges.toml")).exists();
        assertThat(cli.exit()).isEqualTo(1);
        assertThat(cli.err()).contains("wrote the default", "AIGES_PLUGIN_MODE=rust");
    }

    @Test
    void aMissingNamedFileIsAnErrorAndIsNotCreated() {
        Cli cli = Cli.run(dir, "-m=0", "-c=other.toml", "-s=svcName");

        assertThat(cli.exit()).isEqualTo(1);
        assertThat(cli.err()).contains("other.toml: no such file");
        assertThat(dir.resolve("other.toml")).doesNotExist();
    }

    @Test
    void aMissingServiceSectionListsTheSectionsThere() {
        Cli.run(dir, "-init");

        Cli cli = Cli.run(dir, "serve", "-s", "nope");

        assertThat(cli.exit()).isEqualTo(1);
        assertThat(cli.err()).contains("aiges.toml: no [nope] section", "svcName, engine, aiges, wrapper");
    }

    @Test
    void aServerThatCannotStartExitsOneWithItsReason() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.run(dir, "-init");
            Path file = dir.resolve("aiges.toml");
            Files.writeString(file, Files.readString(file).replace("127.0.0.1:1888", "127.0.0.1:" + taken.getLocalPort()));

            Cli cli = Cli.run(dir, "-m", "0", "-c", "aiges.toml", "-s", "svcName");

            assertThat(cli.exit()).isEqualTo(1);
            assertThat(cli.err()).startsWith("aiges: cannot start svcName: ");
        }
    }

    @Test
    void demoRefusesAPortOutOfRange() {
        Cli cli = Cli.run(dir, "demo", "--port", "70000");

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("--port", "70000", "aiges demo -h");
    }

    @Test
    void modelControlNeedsAModelRepository() {
        Cli cli = Cli.run(dir, "serve", "--model-control");

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("--model-control needs --model-repository");
    }

    @Test
    void aModelRepositoryThatIsNotAFolderExitsOne() {
        Cli cli = Cli.run(dir, "serve", "--model-repository", "no-such-folder");

        assertThat(cli.exit()).isEqualTo(1);
        assertThat(cli.err()).contains("no-such-folder: no such folder");
        assertThat(dir.resolve("aiges.toml")).doesNotExist();
    }
}
