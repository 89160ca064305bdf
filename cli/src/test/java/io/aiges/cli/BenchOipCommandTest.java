package io.aiges.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.config.ConfigLoader;
import io.aiges.config.AigesConfig;
import io.aiges.server.AigesServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aiges bench} on the Open Inference Protocol, against {@code aiges demo}'s model {@code mnist}
 * in-process: REST told apart by its {@code /v2/models/m/infer} path, gRPC ModelInfer by
 * {@code oip+grpc://}, the same JSON body for both, and failures counted by HTTP status or gRPC status.
 */
class BenchOipCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SEVEN = Path.of(System.getProperty("aiges.fixtures", "../fixtures"),
            "mnist-oip-request.json").toAbsolutePath();
    private static AigesServer demo;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDemo() {
        AigesConfig config = ConfigLoader.demoDefaults("127.0.0.1", 0, 0);
        demo = AigesServer.start(config, DemoCommand.models(config));
    }

    @AfterAll
    static void stopDemo() {
        demo.close();
    }

    private static String rest(String model) {
        return "http://127.0.0.1:" + demo.httpPort() + "/v2/models/" + model + "/infer";
    }

    private static String grpc(String model) {
        return "oip+grpc://127.0.0.1:" + demo.grpcPort() + "/" + model;
    }

    private JsonNode bench(Path body, String... args) throws Exception {
        String[] all = new String[args.length + 5];
        all[0] = "bench";
        all[1] = "--json";
        all[2] = "--body";
        all[3] = body.toString();
        all[4] = "--timeout=20s";
        System.arraycopy(args, 0, all, 5, args.length);
        Cli cli = Cli.run(dir, all);
        assertThat(cli.exit()).as(cli.err()).isZero();
        return JSON.readTree(cli.out());
    }

    @Test
    void restInferenceCountsTwoHundredsWithOutputsAsSuccess() throws Exception {
        JsonNode summary = bench(SEVEN, "-n", "40", "-c", "4", rest("mnist"));

        assertThat(summary.path("frontend").asText()).isEqualTo("oip");
        assertThat(summary.path("ok").asLong()).as("%s", summary).isEqualTo(40);
        assertThat(summary.path("errors").isEmpty()).as("%s", summary).isTrue();
    }

    @Test
    void restFailuresAreCountedByHttpStatus() throws Exception {
        assertThat(bench(SEVEN, "-n", "10", "-c", "2", rest("noSuchModel")).path("errors").path("http-404").asLong())
                .isEqualTo(10);

        Path wrongShape = dir.resolve("wrong-shape.json");
        Files.writeString(wrongShape, """
                {"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 1, 28, 28], "data": [1, 2, 3]}]}""");
        JsonNode summary = bench(wrongShape, "-n", "10", "-c", "2", rest("mnist"));
        assertThat(summary.path("ok").asLong()).isZero();
        assertThat(summary.path("errors").path("http-400").asLong()).as("%s", summary).isEqualTo(10);
    }

    @Test
    void grpcModelInferSendsTheJsonBodyAsRawTensors() throws Exception {
        JsonNode summary = bench(SEVEN, "-n", "40", "-c", "4", grpc("mnist"));

        assertThat(summary.path("frontend").asText()).isEqualTo("oip-grpc");
        assertThat(summary.path("ok").asLong()).as("%s", summary).isEqualTo(40);
    }

    @Test
    void grpcFailuresAreCountedByGrpcStatus() throws Exception {
        JsonNode unknown = bench(SEVEN, "-n", "10", "-c", "2", grpc("noSuchModel"));
        assertThat(unknown.path("ok").asLong()).isZero();
        assertThat(unknown.path("errors").fieldNames()).toIterable().singleElement().asString()
                .startsWith("grpc-").isNotEqualTo("grpc-UNKNOWN");
        assertThat(unknown.path("requests").asLong()).isEqualTo(10);

        Path wrongShape = dir.resolve("wrong-shape.json");
        Files.writeString(wrongShape, """
                {"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 1, 28, 28], "data": [[1, 2], [3]]}]}""");
        JsonNode summary = bench(wrongShape, "-n", "10", "-c", "2", grpc("mnist"));
        assertThat(summary.path("errors").path("grpc-INVALID_ARGUMENT").asLong()).as("%s", summary).isEqualTo(10);
    }

    @Test
    void callsThatFailBeforeSendReturnsAreCountedNotRecursedInto() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        // A refused gRPC call fails inside the send; each used to start the next from within it,
        // and a second of that overflowed the stack.
        JsonNode summary = bench(SEVEN, "-d", "1s", "-c", "2", "oip+grpc://127.0.0.1:" + closed + "/mnist");
        assertThat(summary.path("ok").asLong()).isZero();
        assertThat(summary.path("errors").path("transport").asLong()).as("%s", summary).isPositive();
    }

    @Test
    void aBodyThatIsNotAnOipRequestIsRefusedBeforeAnyLoad() throws Exception {
        Path v1Body = dir.resolve("v1.json");
        Files.writeString(v1Body, "{\"payload\": {}}");
        Cli cli = Cli.run(dir, "bench", "--body", v1Body.toString(), "-n", "1", grpc("mnist"));
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("\"inputs\" must be a non-empty array");

        Cli noModel = Cli.run(dir, "bench", "--body", SEVEN.toString(), "-n", "1",
                "oip+grpc://127.0.0.1:" + demo.grpcPort() + "/");
        assertThat(noModel.exit()).isEqualTo(2);
        assertThat(noModel.err()).contains("oip+grpc://host:port/model[/version]");
    }
}
