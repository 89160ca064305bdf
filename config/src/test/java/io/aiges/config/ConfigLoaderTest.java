package io.aiges.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.aiges.engine.config.ClientLimitConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** aiges.toml as the original wrote it, as users edit it, and as they get it wrong. */
class ConfigLoaderTest {

    /** Every section and key of the original's default file (spec section 2), and ours. */
    private static final Map<String, List<String>> DEFAULT_KEYS = Map.ofEntries(
            Map.entry("svcName", List.of("finder", "host", "port")),
            Map.entry("engine", List.of("form", "model", "library", "wrapper", "jar", "class")),
            Map.entry("aiges", List.of("gesMock", "sessMode", "numaNode", "realTimeRlt", "usrCfg", "sub", "asyncMode",
                    "pythonPluginCmd", "requestTimeout", "maxBodySize")),
            Map.entry("wrapper", List.of("http_listen", "common.lic")),
            Map.entry("ws", List.of("readTimeout", "sessionTimeout")),
            Map.entry("auth", List.of("meterWrapperCtrl", "meterCtrl", "janusCtrl")),
            Map.entry("resource", List.of("able")),
            Map.entry("elog", List.of("elogRemote", "elogLocal", "elogConsumer", "elogHost", "elogPort", "elogXml",
                    "elogSpill", "elogS3ak", "elogS3sk", "elogS3ep", "elogZkhost")),
            Map.entry("log", List.of("level", "file", "size", "count", "die", "async")),
            Map.entry("lbv2", List.of("lbname", "able", "sub", "subsvc", "apiversion", "conn-timeout",
                    "conn-pool-size", "lb-mode", "lb-retry", "taddrs")),
            Map.entry("fc", List.of("able", "router", "max", "ttl", "best", "roll", "strategy", "queue", "queueTimeout")),
            Map.entry("trace", List.of("host", "port", "able", "deliver", "dump", "backend", "buffer", "bcluster",
                    "idc", "loadts")),
            Map.entry("sonar", List.of("able")));

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void theDefaultFileHasEverySectionAndKeyOfTheOriginal() throws IOException {
        JsonNode tree = new TomlMapper().readTree(DefaultConfig.text());

        DEFAULT_KEYS.forEach((section, keys) -> {
            assertThat(tree.has(section)).as("[%s]", section).isTrue();
            keys.forEach(key -> assertThat(tree.get(section).has(key)).as("[%s] %s", section, key).isTrue());
        });
        assertThat(tree.get("wrapper").get("http_listen").asText()).isEqualTo("127.0.0.1:1888");
        assertThat(tree.get("svcName").get("host").asText()).isEqualTo("127.0.0.1");
        assertThat(tree.get("fc").get("max").asInt()).isEqualTo(4);
        assertThat(tree.get("fc").get("queue").asInt()).isEqualTo(100);
        assertThat(tree.get("fc").get("queueTimeout").asInt()).isEqualTo(10000);
        assertThat(tree.get("aiges").get("requestTimeout").asInt()).isEqualTo(120000);
        assertThat(tree.get("aiges").get("maxBodySize").asInt()).isEqualTo(33554432);
    }

    @Test
    void everyKeyOfTheDefaultFileSaysWhatAigesDoesWithIt() {
        List<String> uncommented = DefaultConfig.text().lines()
                .filter(line -> line.matches("^\"?[A-Za-z][\\w.-]*\"?\\s*=.*"))
                .filter(line -> !line.matches(".*#\\s*(honoured|ignored|passed to the engine).*"))
                .toList();

        assertThat(uncommented).isEmpty();
    }

    @Test
    void theDefaultFileServesTheMnistDemo() throws ConfigException {
        AigesConfig config = load(DefaultConfig.text());

        assertThat(warnings).isEmpty();
        assertThat(config.source()).isEqualTo(dir.resolve("aiges.toml"));
        assertThat(config.service().name()).isEqualTo("svcName");
        assertThat(config.service().engine().service()).isEqualTo("svcName");
        assertThat(config.service().engine().form()).isEqualTo("onnx");
        assertThat(config.service().engine().artefact()).isEqualTo("builtin:mnist");
        assertThat(config.service().engine().entryClass()).isNull();
        assertThat(config.service().engine().baseDir()).isEqualTo(dir);
        assertThat(config.service().engine().config())
                .containsOnly(entry("http_listen", "127.0.0.1:1888"), entry("common.lic", "4"), entry("log.level", "info"));
        assertThat(config.service().pool().licence()).isEqualTo(4);
        assertThat(config.service().pool().queueSize()).isEqualTo(100);
        assertThat(config.service().pool().queueTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.service().requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.http().port()).isEqualTo(1888);
        assertThat(config.grpc().host()).isEqualTo("127.0.0.1");
        assertThat(config.grpc().port()).isEqualTo(5090);
        assertThat(config.http().maxBodyBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.repository().followSymlinks()).isFalse();
    }

    /** The original's defaults, but on loopback: a file must say 0.0.0.0 to serve other machines. */
    @Test
    void aBareServiceSectionTakesTheOriginalDefaultsOnLoopback() throws ConfigException {
        AigesConfig config = load("[svcName]\n");

        assertThat(config.service().engine().form()).isEqualTo("c");
        assertThat(config.service().engine().artefact()).isEqualTo("libwrapper.so");
        assertThat(config.service().engine().config()).isEmpty();
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.grpc().host()).isEqualTo("127.0.0.1");
        assertThat(config.grpc().port()).isEqualTo(5090);
        assertThat(config.http().port()).isEqualTo(1888);
        assertThat(config.service().pool().licence()).isEqualTo(4);
        assertThat(config.service().pool().queueSize()).isEqualTo(100);
        assertThat(config.service().pool().queueTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.service().requestTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            onnx   | model = "models/my.onnx"  | models/my.onnx |
            c      | library = "libmine.so"    | libmine.so     |
            python | wrapper = "svc/wrapper.py" | svc/wrapper.py |
            java   | jar = "engine.jar"        | engine.jar     | com.example.Engine
            """)
    void eachFormTakesItsOwnArtefact(String form, String line, String artefact, String entryClass) throws ConfigException {
        AigesConfig config = load("[svcName]\n[engine]\nform = \"" + form + "\"\n" + line
                + "\nclass = \"com.example.Engine\"\n");

        assertThat(config.service().engine().form()).isEqualTo(form);
        assertThat(config.service().engine().artefact()).isEqualTo(artefact);
        assertThat(config.service().engine().entryClass()).isEqualTo(entryClass);
        assertThat(config.service().engine().artefactPath()).contains(dir.resolve(artefact));
    }

    @Test
    void aJavaEngineWithoutAJarUsesTheClassPath() throws ConfigException {
        AigesConfig config = load("[svcName]\n[engine]\nform = \"java\"\nclass = \"com.example.Engine\"\n");

        assertThat(config.service().engine().artefactPath()).isEmpty();
        assertThat(config.service().engine().entryClass()).isEqualTo("com.example.Engine");
    }

    @Test
    void theEnvironmentOverridesTheFormWithAWarning() throws ConfigException, IOException {
        AigesConfig config = new ConfigLoader(Map.of("AIGES_PLUGIN_MODE", "python"), warnings::add)
                .load(write(DefaultConfig.text()), "svcName");

        assertThat(config.service().engine().form()).isEqualTo("python");
        assertThat(config.service().engine().artefact()).isEqualTo("wrapper.py");
        assertThat(warnings).singleElement().asString().contains("AIGES_PLUGIN_MODE=python overrides [engine] form");
    }

    @Test
    void anEmptyEnvironmentValueIsNoOverride() throws ConfigException, IOException {
        AigesConfig config = new ConfigLoader(Map.of("AIGES_PLUGIN_MODE", ""), warnings::add)
                .load(write(DefaultConfig.text()), "svcName");

        assertThat(config.service().engine().form()).isEqualTo("onnx");
    }

    @Test
    void aBadEnvironmentValueIsAnError() throws IOException {
        Path file = write(DefaultConfig.text());

        assertThatThrownBy(() -> new ConfigLoader(Map.of("AIGES_PLUGIN_MODE", "rust"), warnings::add).load(file, "svcName"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("AIGES_PLUGIN_MODE=rust: expected one of c, python, java, onnx (it overrides [engine] form in "
                        + file + ")");
    }

    @Test
    void aTomlSyntaxErrorHasLineAndColumn() {
        assertThatThrownBy(() -> load("[svcName]\nhost = \"0.0.0.0\nport = 5090\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(name() + ":2:")
                .hasMessageContaining("invalid TOML")
                .extracting(e -> ((ConfigException) e).line()).isEqualTo(2);
    }

    @Test
    void aDuplicateKeyIsNamedWithBothLines() {
        assertThatThrownBy(() -> load("[svcName]\n\n[fc]\nmax = 1\n# more\nmax = 2\n"))
                .hasMessage(name() + ":6:1: invalid TOML: duplicate key \"max\" in [fc] (first set on line 4)");
    }

    @Test
    void textThatIsNotUtf8IsRefusedWithItsLine() throws IOException {
        Path file = dir.resolve("aiges.toml");
        Files.write(file, new byte[]{'[', 's', ']', '\n', 'a', ' ', '=', ' ', '"', (byte) 0xC3, (byte) 0x28, '"', '\n'});

        assertThatThrownBy(() -> new ConfigLoader(Map.of(), warnings::add).load(file, "s"))
                .hasMessageStartingWith(file + ":2: invalid TOML: not UTF-8");
    }

    @Test
    void aMissingFileSaysSo() {
        Path file = dir.resolve("nope.toml");

        assertThatThrownBy(() -> new ConfigLoader(Map.of(), warnings::add).load(file, "svcName"))
                .hasMessage(file + ": no such file");
    }

    @Test
    void messagesNameTheFileAsTheUserTypedIt() throws IOException {
        Path file = write("[svcName]\n[fc]\nmax = 0\n");

        assertThatThrownBy(() -> new ConfigLoader(Map.of(), warnings::add).load(file, "aiges.toml", "svcName"))
                .hasMessage("aiges.toml:3: [fc] max: expected an integer >= 1, got 0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            max = "abc"           | [fc] max: expected an integer >= 1, got "abc"
            max = 0               | [fc] max: expected an integer >= 1, got 0
            max = -3              | [fc] max: expected an integer >= 1, got -3
            max = 1.5             | [fc] max: expected an integer >= 1, got 1.5
            max = "4"             | [fc] max: expected an integer >= 1, got "4" (a string: write max = 4, without quotes)
            max = 99999999999     | [fc] max: expected an integer from 1 to 2147483647, got 99999999999
            max = true            | [fc] max: expected an integer >= 1, got true
            max = [1]             | [fc] max: expected an integer >= 1, got an array
            queue = -1            | [fc] queue: expected an integer >= 0, got -1
            queueTimeout = "10s"  | [fc] queueTimeout: expected an integer >= 0, got "10s"
            maxSessionsPerClient = -1 | [fc] maxSessionsPerClient: expected an integer >= 0, got -1
            maxRequestsPerClient = -5 | [fc] maxRequestsPerClient: expected an integer >= 0, got -5
            maxRequestsPerClient = "10/s" | [fc] maxRequestsPerClient: expected an integer >= 0, got "10/s"
            """)
    void aBadValueInFcNamesFileLineSectionAndKey(String line, String problem) {
        String text = "[svcName]\nfinder = 0\n\n[fc]   # the licence\nable = 1\n" + line + "  # comment\nttl = 1\n";

        assertThatThrownBy(() -> load(text))
                .isInstanceOf(ConfigException.class)
                .hasMessage(name() + ":6: " + problem);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            requestTimeout = 0       | [aiges] requestTimeout: expected an integer >= 1, got 0
            maxBodySize = "32MiB"    | [aiges] maxBodySize: expected an integer >= 1, got "32MiB"
            usrCfg = 3               | [aiges] usrCfg: expected a string, got 3
            maxConnections = 0       | [aiges] maxConnections: expected an integer from 1 to 1000000, got 0
            bodyTimeout = -5         | [aiges] bodyTimeout: expected an integer from 1 to 31536000000, got -5
            """)
    void aBadValueInAigesNamesFileLineSectionAndKey(String line, String problem) {
        assertThatThrownBy(() -> load("[svcName]\n[aiges]\nsub = \"x\"\n" + line + "\n"))
                .hasMessage(name() + ":4: " + problem);
    }

    @Test
    void aBadFormNamesTheChoices() {
        assertThatThrownBy(() -> load("[svcName]\n[engine]\nform = \"rust\"\n"))
                .hasMessage(name() + ":3: [engine] form: expected one of c, python, java, onnx, got \"rust\"");
    }

    @Test
    void anOnnxEngineNeedsAModel() {
        assertThatThrownBy(() -> load("[svcName]\n[engine]\nform = \"onnx\"\nmodel = \"\"\n"))
                .hasMessageContaining("[engine] model: form onnx needs a model");
    }

    @Test
    void anOnnxModelsMaxBatchIsALoaderOptionAndABadOneNamesItsLine() throws ConfigException {
        String model = "[svcName]\n[engine]\nform = \"onnx\"\nmodel = \"m.onnx\"\n";
        assertThat(load(model + "maxBatch = 64\n").service().engine().options()).containsEntry("maxBatch", "64");
        assertThatThrownBy(() -> load(model + "maxBatch = 0\n"))
                .hasMessage(name() + ":5: [engine] maxBatch: expected an integer >= 1, got 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.0.0.0:", "0.0.0.0:http", "0.0.0.0:65536", "::1:1888", "[::1]1888",
            "[::1", "a b:80", "", "host:-1"})
    void aBadListenAddressIsNamedWithItsLine(String listen) {
        assertThatThrownBy(() -> load("[svcName]\n[wrapper]\n\"common.lic\" = \"1\"\nhttp_listen = \"" + listen + "\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(name() + ":4: [wrapper] http_listen: ")
                .hasMessageEndingWith("got \"" + listen + "\"");
    }

    @Test
    void aListenAddressThatIsNotAStringIsNamed() {
        assertThatThrownBy(() -> load("[svcName]\n[wrapper]\nhttp_listen = 1888\n"))
                .hasMessage(name() + ":3: [wrapper] http_listen: expected a string, got 1888");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:8080    | 127.0.0.1 | 8080
            :1888             | 0.0.0.0   | 1888
            localhost:0       | localhost | 0
            [::1]:1888        | ::1       | 1888
            [::]:9            | ::        | 9
            ' 0.0.0.0:1 '     | 0.0.0.0   | 1
            """)
    void listenAddressesAsGoWritesThem(String listen, String host, int port) throws ConfigException {
        AigesConfig config = load("[svcName]\n[wrapper]\nhttp_listen = \"" + listen + "\"\n");

        assertThat(config.http().host()).isEqualTo(host);
        assertThat(config.http().port()).isEqualTo(port);
    }

    @Test
    void theListenAddressFallsBackToTheServiceSectionAsTheOriginalSampleHasIt() throws ConfigException {
        AigesConfig config = load("[svcName]\nhttp_listen = \"127.0.0.1:7000\"\n[wrapper]\n\"common.lic\" = \"1\"\n");

        assertThat(config.http().port()).isEqualTo(7000);
    }

    @Test
    void theWrapperListenAddressWinsOverTheServiceSection() throws ConfigException {
        AigesConfig config = load("[svcName]\nhttp_listen = \"127.0.0.1:7000\"\n[wrapper]\nhttp_listen = \":7001\"\n");

        assertThat(config.http().port()).isEqualTo(7001);
    }

    /** The original's files say 0.0.0.0, and keep listening on every interface. */
    @Test
    void aFileThatSaysEveryInterfaceListensOnEveryInterface() throws ConfigException {
        AigesConfig config = load("[svcName]\nhost = \"0.0.0.0\"\nport = 5090\n[wrapper]\nhttp_listen = \"0.0.0.0:1888\"\n");

        assertThat(config.http().host()).isEqualTo("0.0.0.0");
        assertThat(config.grpc().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void followSymlinksIsReadFromTheRepositorySection() throws ConfigException {
        assertThat(load("[svcName]\n[repository]\nfollowSymlinks = true\n").repository().followSymlinks()).isTrue();
        assertThat(load("[svcName]\n[repository]\nfollowSymlinks = false\n").repository().followSymlinks()).isFalse();
        assertThat(warnings).isEmpty();
        assertThatThrownBy(() -> load("[svcName]\n[repository]\nfollowSymlinks = \"yes\"\n"))
                .hasMessageContaining("followSymlinks");
    }

    @Test
    void aMissingServiceSectionListsTheSectionsPresent() {
        assertThatThrownBy(() -> load("[aiges]\n[wrapper]\n[fc]\nmax = 1\n"))
                .hasMessage(name() + ": no [svcName] section for service \"svcName\" (-s svcName); sections present: "
                        + "aiges, wrapper, fc");
    }

    @Test
    void anotherServiceNameReadsItsOwnSection() throws ConfigException {
        AigesConfig config = new ConfigLoader(Map.of(), warnings::add)
                .parse("[svcName]\n[mnist]\nhttp_listen = \":1999\"\n", "aiges.toml", dir, "mnist");

        assertThat(config.service().name()).isEqualTo("mnist");
        assertThat(config.http().port()).isEqualTo(1999);
    }

    @Test
    void connectionLimitsDefaultToTheDescriptorLimitAndCanBeSet() throws ConfigException {
        ConnectionLimits defaults = load("[svcName]\n").connections();
        assertThat(defaults.maxConnections()).isEqualTo(ConnectionLimits.defaultMaxConnections())
                .isBetween(1, ConnectionLimits.MAX_DEFAULT_CONNECTIONS);
        assertThat(defaults.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxQueuedBytes()).isEqualTo(1024 * 1024);
        ConnectionLimits set = load("[svcName]\n[aiges]\nmaxConnections = 50\nbodyTimeout = 2500\n[ws]\nmaxQueuedBytes = 65536\n")
                .connections();
        assertThat(set.maxConnections()).isEqualTo(50);
        assertThat(set.readTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(set.maxQueuedBytes()).isEqualTo(65536);
        assertThat(set.bodyBudget()).as("never below maxBodySize by default").isGreaterThanOrEqualTo(32L << 20);
        assertThat(warnings).isEmpty();
        assertThat(load("[svcName]\n[aiges]\nmaxBodySize = 1000\nbodyBudget = 5000\n").connections().bodyBudget())
                .isEqualTo(5000);
        assertThat(load("[svcName]\n[aiges]\nbodyBudget = 1000\n").connections().bodyBudget()).isEqualTo(1000);
        assertThat(warnings).singleElement().asString().contains("bodyBudget (1000 bytes) is smaller than maxBodySize");
        assertThatThrownBy(() -> load("[svcName]\n[ws]\nmaxQueuedBytes = 10\n"))
                .hasMessageContaining("[ws] maxQueuedBytes: expected an integer");
    }

    @Test
    void corsOriginsAreNoneUnlessListed() throws ConfigException {
        assertThat(load("[svcName]\n").http().corsOrigins()).isEmpty();
        assertThat(load("[svcName]\n[http]\ncorsOrigins = [\"https://app.example\", \"http://localhost:8080\"]\n")
                .http().corsOrigins()).containsExactly("https://app.example", "http://localhost:8080");
        assertThat(load("[svcName]\n[http]\ncorsOrigins = [\"*\"]\n").http().corsOrigins()).containsExactly("*");
        assertThat(warnings).isEmpty();
        assertThatThrownBy(() -> load("[svcName]\n[http]\ncorsOrigins = \"*\"\n"))
                .hasMessage(name() + ":3: [http] corsOrigins: expected a list of origins such as [\"https://app.example\"]"
                        + " (or [\"*\"]), got \"*\"");
        assertThatThrownBy(() -> load("[svcName]\n[http]\ncorsOrigins = [\"https://app.example/path\"]\n"))
                .hasMessageContaining("[http] corsOrigins: expected origins such as");
    }

    @Test
    void theDefaultConnectionCapKeepsAReserveOfDescriptors() {
        assertThat(ConnectionLimits.forDescriptorLimit(1_048_576)).isEqualTo(10_000);
        assertThat(ConnectionLimits.forDescriptorLimit(20_480)).isEqualTo(10_000);
        assertThat(ConnectionLimits.forDescriptorLimit(4096)).isEqualTo(4096 - 512);
        assertThat(ConnectionLimits.forDescriptorLimit(1024)).isEqualTo(1024 - 256);
        assertThat(ConnectionLimits.forDescriptorLimit(100)).isEqualTo(1);
        assertThat(ConnectionLimits.forDescriptorLimit(-1)).isEqualTo(10_000);
    }

    @Test
    void theIdleTimeoutOutlastsTheLongestRequestUnlessSetAndWarnsWhenSetShorter() throws ConfigException {
        assertThat(load("[svcName]\n").http().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(load("[svcName]\n[aiges]\nrequestTimeout = 600000\n[fc]\nqueueTimeout = 20000\n").http().idleTimeout())
                .isEqualTo(Duration.ofSeconds(650));
        assertThat(warnings).isEmpty();
        assertThat(load("[svcName]\n[aiges]\nhttpIdleTimeout = 0\nhttpEventLoops = 3\n").http())
                .satisfies(http -> {
                    assertThat(http.idleTimeout()).isZero();
                    assertThat(http.eventLoops()).isEqualTo(3);
                });
        assertThat(warnings).isEmpty();
        assertThat(load("[svcName]\n[aiges]\nhttpIdleTimeout = 60\n").http().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(warnings).singleElement().asString().contains("httpIdleTimeout (60 s) is shorter than a request may take");
    }

    @Test
    void aSectionThatIsNotATableIsNamed() {
        assertThatThrownBy(() -> load("fc = 3\n[svcName]\n"))
                .hasMessage(name() + ":1: fc: expected a [fc] table, got 3");
    }

    @Test
    void unknownKeysInKnownSectionsAreWarningsWithALineAndAGuess() throws ConfigException {
        load("[svcName]\n[fc]\nmax = 2\nmaxx = 3\n[aiges]\nrequesttimeout = 5\n[mine]\nwhatever = 1\n");

        assertThat(warnings).containsExactly(
                name() + ":4: [fc] maxx: unknown key, ignored (did you mean max?)",
                name() + ":6: [aiges] requesttimeout: unknown key, ignored (did you mean requestTimeout?)");
    }

    @Test
    void wrapperValuesReachTheEngineAsStrings() throws ConfigException {
        AigesConfig config = load("""
                [svcName]
                [wrapper]
                "common.lic" = "10"
                "resource./msp/res/wfst.bin" = "WFST"
                n = 42
                f = 0.5
                e = 1e3
                z = 1.0
                b = true
                big = 123456789012345678901234567890
                hex = 0xff
                inf = inf
                when = 1979-05-27T07:32:00Z
                list = [1, 2.50, "x"]
                table = { a = 1e-7, b = false }
                """);

        assertThat(config.service().engine().config()).containsOnly(
                entry("common.lic", "10"),
                entry("resource./msp/res/wfst.bin", "WFST"),
                entry("n", "42"),
                entry("f", "0.5"),
                entry("e", "1000"),
                entry("z", "1"),
                entry("b", "true"),
                entry("big", "123456789012345678901234567890"),
                entry("hex", "255"),
                entry("inf", "+Inf"),
                entry("when", "1979-05-27T07:32:00Z"),
                entry("list", "[1,2.5,\"x\"]"),
                entry("table", "{\"a\":0.0000001,\"b\":false}"));
    }

    @Test
    void usrCfgReplacesTheWrapperSectionFlattened() throws ConfigException, IOException {
        Files.writeString(dir.resolve("user.toml"), "top = 1\n[common]\nlic = 2\n[res]\n\"a.b\" = \"c\"\n");

        AigesConfig config = load("[svcName]\n[aiges]\nusrCfg = \"user.toml\"\n[wrapper]\nhttp_listen = \":1\"\nx = 1\n");

        assertThat(config.service().engine().config())
                .containsOnly(entry("top", "1"), entry("common.lic", "2"), entry("res.a.b", "c"));
        assertThat(config.http().port()).isEqualTo(1);
    }

    @Test
    void aMissingUsrCfgFileIsNamed() {
        assertThatThrownBy(() -> load("[svcName]\n[aiges]\nusrCfg = \"user.toml\"\n"))
                .hasMessage(name() + ":3: [aiges] usrCfg: no such file: " + dir.resolve("user.toml"));
    }

    @Test
    void aServiceNameThatCannotBeARouteIsRefused() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), warnings::add).parse("[\"a/b\"]\n", "aiges.toml", dir, "a/b"))
                .hasMessageContaining("-s \"a/b\"");
    }

    @Test
    void findingAServiceIsAWarning() throws ConfigException {
        load("[svcName]\nfinder = 1\n");

        assertThat(warnings).singleElement().asString().contains(":2: [svcName] finder: service discovery");
    }

    @Test
    void demoDefaultsAreTheDefaultFileOnTheGivenAddress() {
        AigesConfig config = ConfigLoader.demoDefaults("127.0.0.1", 0, 0);

        assertThat(config.source()).isNull();
        assertThat(config.service().name()).isEqualTo("svcName");
        assertThat(config.service().engine().form()).isEqualTo("onnx");
        assertThat(config.service().engine().artefact()).isEqualTo("builtin:mnist");
        assertThat(config.service().engine().config()).containsEntry("http_listen", "127.0.0.1:0");
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.http().port()).isZero();
        assertThat(config.service().pool().licence()).isEqualTo(4);
    }

    @Test
    void aByteOrderMarkIsAllowed() throws ConfigException, IOException {
        Path file = dir.resolve("aiges.toml");
        Files.write(file, ("\uFEFF[svcName]\n[fc]\nmax = 2\n").getBytes(StandardCharsets.UTF_8));

        assertThat(new ConfigLoader(Map.of(), warnings::add).load(file, "svcName").service().pool().licence()).isEqualTo(2);
    }

    @Test
    void callModesAndEngineExtrasReachTheEngineFormAsOptions() throws ConfigException {
        AigesConfig config = load("""
                [svcName]
                [aiges]
                asyncMode = true
                realTimeRlt = false
                sub = "ase"
                [engine]
                form = "java"
                class = "demo.Upper"
                isolate = true
                """);

        assertThat(config.service().engine().options())
                .containsEntry("asyncMode", "true").containsEntry("realTimeRlt", "false")
                .containsEntry("isolate", "true").doesNotContainKeys("form", "class", "sub");
        assertThat(config.service().engine().flag("asyncMode", false)).isTrue();
    }

    @Test
    void sessionTimeoutsAndRealTimeResultsAreHonoured() throws ConfigException {
        AigesConfig config = load("""
                [svcName]
                [aiges]
                realTimeRlt = false
                [ws]
                readTimeout = 7
                sessionTimeout = 60
                """);

        assertThat(config.service().sessions().readTimeout()).hasSeconds(7);
        assertThat(config.service().sessions().sessionTimeout()).hasSeconds(60);
        assertThat(config.service().sessions().realTimeRlt()).isFalse();
        assertThat(load("[svcName]\n").service().sessions().realTimeRlt()).as("the original's code default").isTrue();
    }

    @Test
    void perClientLimitsAreOffUnlessAskedFor() throws ConfigException {
        assertThat(load("[svcName]\n").service().clientLimits()).isEqualTo(ClientLimitConfig.OFF);
        AigesConfig fair = load("[svcName]\n[fc]\nmax = 8\nmaxSessionsPerClient = 2\nmaxRequestsPerClient = 50\n");
        assertThat(fair.service().clientLimits()).isEqualTo(new ClientLimitConfig(2, 50));
        assertThat(warnings).isEmpty();
    }

    @Test
    void theQpsLimiterRouterLimitsMaxRequestsPerTtl() throws ConfigException {
        AigesConfig limited = load("[svcName]\n[fc]\nrouter = \"qpsLimiter\"\nmax = 7\nttl = 2000\n");
        assertThat(limited.service().rateLimit().permits()).isEqualTo(7);
        assertThat(limited.service().rateLimit().window()).hasMillis(2000);
        assertThat(load("[svcName]\n[fc]\nrouter = \"sessionManager\"\n").service().rateLimit().isLimited()).isFalse();
        assertThatThrownBy(() -> load("[svcName]\n[fc]\nrouter = \"roundRobin\"\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(":3:").hasMessageContaining("qpsLimiter");
    }

    @Test
    void theDrainDeadlineIsHonoured() throws ConfigException {
        assertThat(load("[svcName]\n[aiges]\ndrainTimeout = 1500\n").drainTimeout()).hasMillis(1500);
        assertThat(load("[svcName]\n").drainTimeout()).isEqualTo(AigesConfig.DEFAULT_DRAIN_TIMEOUT);
        assertThatThrownBy(() -> load("[svcName]\n[aiges]\ndrainTimeout = -1\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(":3:").hasMessageContaining("drainTimeout");
    }

    @Test
    void aSessionSettingOfTheWrongTypeNamesItsLine() {
        assertThatThrownBy(() -> load("[svcName]\n[ws]\nreadTimeout = \"soon\"\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(":3:").hasMessageContaining("[ws] readTimeout");
        assertThatThrownBy(() -> load("[svcName]\n[aiges]\nrealTimeRlt = 1\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(":3:").hasMessageContaining("realTimeRlt");
    }

    private AigesConfig load(String text) throws ConfigException {
        try {
            return new ConfigLoader(Map.of(), warnings::add).load(write(text), "svcName");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("aiges.toml"), text);
    }

    private String name() {
        return dir.resolve("aiges.toml").toString();
    }
}
