package io.aiges.cli.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.server.net.RawClient;
import io.aiges.server.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.aiges.server.oip.grpc.v2.InferTensorContents;
import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of a hostile or careless client, each bounded in count and time, against the
 * packaged server serving the embedded MNIST demo as its own process: a ping flood that never
 * reads, endless fragments, trickled heads and bodies, connections up to the cap and past it,
 * declared and chunked oversize bodies, huge exponents everywhere, an OIP batch over the limit,
 * and seeded mutation fuzzing of {@code /v1}, OIP REST, WebSocket frames and OIP gRPC messages.
 * After each: {@code /ping} answers within a second, the seed request still answers 7, and the
 * process's resident memory stays under {@link #RSS_LIMIT_MIB} (under {@link #RSS_AFTER_FUZZ_MIB}
 * after the fuzzing). {@code -Daiges.hostile.cases=N} sets the fuzz cases per protocol.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileClientsIT {
    static final long RSS_LIMIT_MIB = 1536;
    static final long RSS_AFTER_FUZZ_MIB = 1024;
    private static final int FUZZ_CASES = Integer.getInteger("aiges.hostile.cases", 1500);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static ServedDemo demo;
    private static HttpClient http;
    private static byte[] seed;
    private static byte[] oip;
    /** The largest RSS seen after any case, for the report at the end. */
    private static long mostRss;

    @BeforeAll
    static void start() throws Exception {
        // What a user starts first, with every default: the bounds must hold as shipped.
        demo = ServedDemo.demo(dir);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        Path fixtures = Path.of(System.getProperty("aiges.fixtures", "../fixtures"));
        seed = Files.readAllBytes(fixtures.resolve("mnist-seed-request.json"));
        oip = Files.readAllBytes(fixtures.resolve("mnist-oip-request.json"));
        stillServing("start");
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            System.out.println("hostile clients: most RSS after a case " + mostRss + " MiB");
            assertThat(demo.stop(Duration.ofSeconds(15))).as("stopped by SIGTERM, no SIGKILL needed").isTrue();
            demo.close();
        }
        if (http != null) {
            http.close();
        }
    }

    /** {@code /ping} within a second, the seed request answers 7, and RSS under its bound. */
    private static void stillServing(String after) throws Exception {
        assertThat(demo.alive()).as(() -> "server alive after " + after + "; " + output()).isTrue();
        long start = System.nanoTime();
        HttpResponse<String> ping = http.send(HttpRequest.newBuilder(uri("/ping")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ping.body()).isEqualTo("pong");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("/ping after %s", after)
                .isLessThan(Duration.ofSeconds(1));
        HttpResponse<String> answer = post("/v1/svcName", seed);
        JsonNode text = JSON.readTree(JSON.readTree(answer.body()).at("/payload/result/text").asText());
        assertThat(text.path("result").asInt(-1)).as("seed request after %s: %s", after, answer.body()).isEqualTo(7);
        long rss = demo.rssMiB();
        mostRss = Math.max(mostRss, rss);
        System.out.println("hostile clients: RSS " + rss + " MiB after " + after);
        assertThat(rss).as("RSS (MiB) after %s", after).isLessThan(RSS_LIMIT_MIB);
    }

    /** A gauge or counter of {@code /metrics}, without labels. */
    private static int metric(String name) throws Exception {
        String scrape = http.send(HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + " ")) {
                return (int) Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name + " in /metrics");
    }

    /** The server's output, for a failure's message (read only then: it grows with every request). */
    private static String output() {
        try {
            return demo.output();
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + demo.httpPort + path);
    }

    private static HttpResponse<String> post(String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void pingFloodWithoutReading() throws Exception {
        try (RawClient client = RawClient.connect(demo.httpPort, 4096)) {
            client.upgrade("/v1/svcName");
            RawClient.Flood flood = client.flood(RawClient.repeat(RawClient.frame(9, true, new byte[125]), 64),
                    1L << 30);
            assertThat(flood.endedWithin(Duration.ofSeconds(30))).isTrue();
            assertThat(flood.sent()).as("ping bytes taken before the close").isLessThan(64L << 20);
        }
        stillServing("a ping flood");
    }

    @Test
    @Order(2)
    void endlessFragments() throws Exception {
        try (RawClient client = RawClient.connect(demo.httpPort)) {
            client.upgrade("/v1/svcName");
            client.sendFrame(1, false, "{".getBytes(StandardCharsets.UTF_8));
            RawClient.Flood flood = client.flood(RawClient.frame(0, false, new byte[60_000]), 1L << 30);
            assertThat(flood.endedWithin(Duration.ofSeconds(30))).isTrue();
            assertThat(flood.sent()).as("fragment bytes taken before the close").isLessThan(128L << 20);
        }
        stillServing("endless fragments");
    }

    @Test
    @Order(3)
    void trickledHeadAndBody() throws Exception {
        // Both at once, a byte every 250 ms: the default bodyTimeout (30 s) ends each with 408.
        List<RawClient> slow = List.of(RawClient.connect(demo.httpPort), RawClient.connect(demo.httpPort));
        try {
            slow.get(0).send("POST /v1/svcName HTTP/1.1\r\nHost: x\r\nX-A: ");
            slow.get(1).send("POST /v1/svcName HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{");
            long began = System.nanoTime();
            boolean[] answered = new boolean[2];
            while (!(answered[0] && answered[1]) && System.nanoTime() - began < TimeUnit.SECONDS.toNanos(45)) {
                for (int i = 0; i < 2; i++) {
                    if (!answered[i]) {
                        try {
                            answered[i] = slow.get(i).answered();
                            slow.get(i).send("a");
                        } catch (IOException closed) {
                            answered[i] = true;
                        }
                    }
                }
                Thread.sleep(250);
            }
            for (RawClient client : slow) {
                assertThat(client.readAll(3000)).startsWith("HTTP/1.1 408");
            }
        } finally {
            for (RawClient client : slow) {
                client.close();
            }
        }
        stillServing("trickled requests");
    }

    @Test
    @Order(4)
    void connectionsUpToTheCapAndOnePast() throws Exception {
        List<RawClient> held = new ArrayList<>();
        try {
            int max = metric("aiges_connections_max");
            // Leave room for the checks' own connections (the HTTP client keeps one or two).
            for (int i = 0; i < max - 4; i++) {
                held.add(RawClient.connect(demo.httpPort));
            }
            RawClient past = null;
            for (int i = 0; i < 8 && past == null; i++) {
                RawClient next = RawClient.connect(demo.httpPort);
                if (next.closedWithin(500)) {
                    past = next;
                } else {
                    held.add(next);
                }
            }
            assertThat(past).as("a connection past maxConnections = %d is closed at accept", max).isNotNull();
            past.close();
            RawClient kept = held.getFirst();
            kept.send("GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(kept.readAll(2000)).as("a client connected before the cap is served").endsWith("pong");
        } finally {
            for (RawClient client : held) {
                client.close();
            }
        }
        Thread.sleep(300);
        stillServing("connections up to the cap");
    }

    @Test
    @Order(5)
    void oversizeBodiesDeclaredAndChunked() throws Exception {
        try (RawClient client = RawClient.connect(demo.httpPort, 8192)) {
            client.send("POST /v1/svcName HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n");
            RawClient.Flood flood = client.flood(new byte[65536], 1L << 30);
            assertThat(flood.endedWithin(Duration.ofSeconds(30))).isTrue();
            assertThat(flood.sent()).isLessThan(64L << 20);
        }
        try (RawClient client = RawClient.connect(demo.httpPort, 8192)) {
            client.send("POST /v2/models/mnist/infer HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = Integer.toHexString(65536) + "\r\n" + "1".repeat(65536) + "\r\n";
            RawClient.Flood flood = client.flood(chunk.getBytes(StandardCharsets.US_ASCII), 1L << 30);
            assertThat(flood.endedWithin(Duration.ofSeconds(30))).isTrue();
            assertThat(flood.sent()).isLessThan(128L << 20);
        }
        stillServing("oversize bodies");
    }

    @Test
    @Order(6)
    void hugeExponentsEverywhere() throws Exception {
        String body = new String(seed, StandardCharsets.UTF_8);
        for (String exponent : List.of("1e5000000", "1e999999999", "-1e-999999999")) {
            List<String> bodies = List.of(
                    body.replace("\"status\": 3,", "\"status\": 3, \"p\": " + exponent + ","),
                    body.replace("\"svcName\": {", "\"svcName\": {\"p\": " + exponent + ","),
                    body.replaceFirst("\"status\": 3", "\"status\": " + exponent));
            for (String hostile : bodies) {
                long start = System.nanoTime();
                HttpResponse<String> answer = post("/v1/svcName", hostile.getBytes(StandardCharsets.UTF_8));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answer to %s", exponent)
                        .isLessThan(Duration.ofSeconds(2));
                assertThat(answer.statusCode()).as("%s: %s", exponent, answer.body()).isEqualTo(400);
                assertThat(answer.body()).hasSizeLessThan(1000).doesNotContain("Exception");
            }
            String tensor = new String(oip, StandardCharsets.UTF_8).replaceFirst("\"data\": \\[0,", "\"data\": [" + exponent + ",");
            HttpResponse<String> answer = post("/v2/models/mnist/infer", tensor.getBytes(StandardCharsets.UTF_8));
            assertThat(answer.statusCode()).as("OIP %s: %s", exponent, answer.body()).isEqualTo(400);
            assertThat(answer.body()).hasSizeLessThan(1000).doesNotContain("Exception");
        }
        stillServing("huge exponents");
    }

    @Test
    @Order(7)
    void anOipBatchOverTheLimitIsRefusedBeforeInference() throws Exception {
        int batch = 10_000;
        StringBuilder data = new StringBuilder(batch * 784 * 2);
        for (int i = 0; i < batch * 784; i++) {
            data.append(i == 0 ? "0" : ",0");
        }
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[" + batch + ",1,28,28],\"datatype\":\"FP32\",\"data\":["
                + data + "]}]}";
        long before = demo.rssMiB();
        long start = System.nanoTime();
        HttpResponse<String> answer = post("/v2/models/mnist/infer", body.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(demo.rssMiB() - before).as("RSS growth (MiB) from a refused batch").isLessThan(400);
        stillServing("an OIP batch over the limit");
    }

    @Test
    @Order(10)
    @Timeout(value = 3600, unit = TimeUnit.SECONDS)  // -Daiges.hostile.cases=100000 takes minutes
    void mutatedV1Bodies() throws Exception {
        fuzzHttp("/v1/svcName", seed, 1);
        stillServing("mutated /v1 bodies");
    }

    @Test
    @Order(11)
    @Timeout(value = 3600, unit = TimeUnit.SECONDS)  // -Daiges.hostile.cases=100000 takes minutes
    void mutatedOipBodies() throws Exception {
        fuzzHttp("/v2/models/mnist/infer", oip, 2);
        stillServing("mutated OIP bodies");
    }

    private static void fuzzHttp(String path, byte[] valid, long seedBase) throws Exception {
        Mutations mutations = new Mutations(seedBase);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < FUZZ_CASES; i++) {
            byte[] body = mutations.mutate(valid);
            HttpResponse<String> answer = post(path, body);
            statuses.merge(answer.statusCode(), 1, Integer::sum);
            assertThat(answer.statusCode()).as("case %d: %s -> %s", i, new String(body, StandardCharsets.UTF_8),
                    answer.body()).isLessThan(500);
            assertThat(answer.body()).as("case %d", i).doesNotContain("Exception").hasSizeLessThan(4096);
        }
        System.out.println("fuzzed " + path + ": " + statuses);
    }

    @Test
    @Order(12)
    @Timeout(value = 3600, unit = TimeUnit.SECONDS)  // -Daiges.hostile.cases=100000 takes minutes
    void mutatedWebSocketFrames() throws Exception {
        Mutations mutations = new Mutations(3);
        byte[] frame = new String(seed, StandardCharsets.UTF_8).replace("\"status\": 3", "\"status\": 2")
                .getBytes(StandardCharsets.UTF_8);
        int cases = Math.max(50, FUZZ_CASES / 5);
        for (int i = 0; i < cases; i++) {
            try (RawClient client = RawClient.connect(demo.httpPort)) {
                client.upgrade("/v1/svcName");
                client.sendFrame(1, true, mutations.mutate(frame));
                // Every frame ends the session (a result or an error) and the server closes: no hang.
                RawClient.Frame answer;
                do {
                    answer = client.readFrame();
                } while (answer != null && answer.opcode() != 8);
            }
        }
        stillServing("mutated WebSocket frames");
    }

    @Test
    @Order(13)
    @Timeout(value = 3600, unit = TimeUnit.SECONDS)  // -Daiges.hostile.cases=100000 takes minutes
    void mutatedOipGrpcMessages() throws Exception {
        ModelInferRequest.Builder valid = ModelInferRequest.newBuilder().setModelName("mnist");
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (int i = 0; i < 784; i++) {
            contents.addFp32Contents(0f);
        }
        valid.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                .addShape(1).addShape(1).addShape(28).addShape(28).setContents(contents));
        byte[] bytes = valid.build().toByteArray();
        MethodDescriptor<byte[], byte[]> infer = GRPCInferenceServiceGrpc.getModelInferMethod().toBuilder(
                new RawBytes(), new RawBytes()).build();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", demo.grpcPort).usePlaintext().build();
        try {
            Mutations mutations = new Mutations(4);
            Map<Status.Code, Integer> codes = new TreeMap<>();
            for (int i = 0; i < FUZZ_CASES; i++) {
                byte[] message = mutations.mutate(bytes);
                try {
                    ClientCalls.blockingUnaryCall(channel, infer, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                            message);
                    codes.merge(Status.Code.OK, 1, Integer::sum);
                } catch (StatusRuntimeException e) {
                    Status.Code code = e.getStatus().getCode();
                    codes.merge(code, 1, Integer::sum);
                    int failed = i;
                    assertThat(code).as(() -> "case " + failed + ": " + e.getStatus() + "; " + output())
                            .isNotIn(Status.Code.UNKNOWN, Status.Code.DEADLINE_EXCEEDED, Status.Code.UNAVAILABLE);
                    if (code == Status.Code.INTERNAL) {
                        // gRPC's own answer to bytes that are not a protobuf message.
                        assertThat(e.getStatus().getDescription()).as("case %d", i).containsIgnoringCase("protobuf");
                    }
                }
            }
            System.out.println("fuzzed OIP gRPC: " + codes);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        stillServing("mutated OIP gRPC messages");
    }

    @Test
    @Order(20)
    void memoryComesBackAfterTheFuzzing() throws Exception {
        // Native memory ONNX Runtime took for odd shapes must have been handed back.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long rss = demo.rssMiB();
        while (rss >= RSS_AFTER_FUZZ_MIB && System.nanoTime() < end) {
            Thread.sleep(500);
            rss = demo.rssMiB();
        }
        assertThat(rss).as("RSS (MiB) after the fuzzing").isLessThan(RSS_AFTER_FUZZ_MIB);
        stillServing("the fuzzing");
    }

    /** A gRPC marshaller that passes bytes as they are, so damaged messages reach the server. */
    private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
