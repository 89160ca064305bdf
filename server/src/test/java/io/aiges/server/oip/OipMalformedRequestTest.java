package io.aiges.server.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.server.AigesServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the protocol does not allow, written one by one and made by seeded random damage to a
 * valid one: each gets a 4xx with {@code {"error": "..."}}, never a 5xx, a hang or a dead server.
 */
class OipMalformedRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID = """
            {"id": "v", "parameters": {"k": 1},
             "inputs": [{"name": "x", "datatype": "INT16", "shape": [2, 2], "data": [[1, 2], [3, 4]]},
                        {"name": "s", "datatype": "BYTES", "shape": [1], "data": ["hello"]}],
             "outputs": [{"name": "x"}]}""";
    private static AigesServer server;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = OipServer.start(List.of(OipServer.echo()), null, false);
    }

    @AfterAll
    static void stop() {
        server.close();
        client.close();
    }

    private static HttpResponse<String> post(byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                        + "/v2/models/echo/infer"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not JSON", "{\"inputs\": [", "JSON"),
                Arguments.of("empty body", "", "JSON"),
                Arguments.of("an array", "[1, 2]", "JSON object"),
                Arguments.of("no inputs", "{}", "\"inputs\""),
                Arguments.of("empty inputs", "{\"inputs\": []}", "\"inputs\""),
                Arguments.of("inputs not an array", "{\"inputs\": {\"name\": \"x\"}}", "\"inputs\""),
                Arguments.of("input not an object", "{\"inputs\": [3]}", "object"),
                Arguments.of("no name", "{\"inputs\": [{\"datatype\": \"FP32\", \"shape\": [1], \"data\": [1]}]}", "\"name\""),
                Arguments.of("unknown datatype", input("\"FLOAT128\"", "[1]", "[1]"), "FLOAT128"),
                Arguments.of("no shape", "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"data\": [1]}]}", "shape"),
                Arguments.of("negative dimension", input("\"FP32\"", "[-1]", "[1]"), "shape"),
                Arguments.of("fractional dimension", input("\"FP32\"", "[1.5]", "[1]"), "shape"),
                Arguments.of("overflowing shape", input("\"FP32\"", "[4294967296, 4294967296, 4294967296]", "[1]"), "shape"),
                Arguments.of("too few elements", input("\"FP32\"", "[3]", "[1, 2]"), "3 FP32 elements"),
                Arguments.of("too many elements", input("\"INT8\"", "[1]", "[1, 2]"), "1 INT8 elements"),
                Arguments.of("no data", "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1]}]}", "\"data\""),
                Arguments.of("string in a number tensor", input("\"INT32\"", "[1]", "[\"7\"]"), "whole number"),
                Arguments.of("INT8 out of range", input("\"INT8\"", "[1]", "[300]"), "-128 to 127"),
                Arguments.of("UINT8 negative", input("\"UINT8\"", "[1]", "[-1]"), "0 to 255"),
                Arguments.of("UINT64 too big", input("\"UINT64\"", "[1]", "[18446744073709551616]"), "18446744073709551615"),
                Arguments.of("fraction in an integer tensor", input("\"INT64\"", "[1]", "[1.5]"), "whole number"),
                // Reads as an infinite double, which once escaped as a NumberFormatException.
                Arguments.of("overflowing number in an integer tensor", input("\"INT32\"", "[1]", "[1e999]"), "whole number"),
                Arguments.of("number in a BOOL tensor", input("\"BOOL\"", "[1]", "[1]"), "true or false"),
                Arguments.of("number in a BYTES tensor", input("\"BYTES\"", "[1]", "[1]"), "a string"),
                Arguments.of("object element", input("\"FP32\"", "[1]", "[{\"a\": 1}]"), "a number"),
                Arguments.of("parameters not an object", "{\"parameters\": [1], " + input("\"FP32\"", "[1]", "[1]").substring(1),
                        "parameters"),
                Arguments.of("outputs not an array", "{\"outputs\": {}, " + input("\"FP32\"", "[1]", "[1]").substring(1),
                        "outputs"),
                Arguments.of("output without a name", "{\"outputs\": [{}], " + input("\"FP32\"", "[1]", "[1]").substring(1),
                        "\"name\""),
                Arguments.of("the same input twice", "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1],"
                        + " \"data\": [1]}, {\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": [1]}]}", "twice"),
                Arguments.of("deeply nested data", input("\"FP32\"", "[1]", "[".repeat(60) + "1" + "]".repeat(60)), ""),
                Arguments.of("binary size without binary data", "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\","
                        + " \"shape\": [1], \"parameters\": {\"binary_data_size\": 4}}]}", "binary_data_size"),
                Arguments.of("binary_data_output not a boolean", "{\"parameters\": {\"binary_data_output\": \"yes\"}, "
                        + input("\"FP32\"", "[1]", "[1]").substring(1), "binary_data_output"));
    }

    private static String input(String datatype, String shape, String data) {
        return "{\"inputs\": [{\"name\": \"x\", \"datatype\": " + datatype + ", \"shape\": " + shape + ", \"data\": " + data + "}]}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedRequestIsA400SayingWhatIsWrong(String what, String body, String mentioned) throws Exception {
        HttpResponse<String> response = post(body.getBytes(StandardCharsets.UTF_8), "content-type", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").isTextual()).as(response.body()).isTrue();
        assertThat(error.get("error").textValue()).contains(mentioned);
    }

    @ParameterizedTest(name = "header {0}")
    @ValueSource(strings = {"abc", "-5", "100000", "99999999999"})
    void aBadInferenceHeaderLengthIsA400(String header) throws Exception {
        HttpResponse<String> response = post(VALID.getBytes(StandardCharsets.UTF_8), "Inference-Header-Content-Length", header);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").textValue()).contains("Inference-Header-Content-Length");
    }

    @Test
    void binaryDataMustMatchTheSizesDeclared() throws Exception {
        String header = "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [2],"
                + " \"parameters\": {\"binary_data_size\": 8}}]}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> extra = post(OipRestTest.concat(json, new byte[12]),
                "Inference-Header-Content-Length", Integer.toString(json.length));
        assertThat(extra.statusCode()).isEqualTo(400);
        assertThat(extra.body()).contains("4 bytes of binary data");
        HttpResponse<String> short_ = post(OipRestTest.concat(json, new byte[5]),
                "Inference-Header-Content-Length", Integer.toString(json.length));
        assertThat(short_.statusCode()).isEqualTo(400);
        assertThat(short_.body()).contains("binary_data_size");
        String bytes = "{\"inputs\": [{\"name\": \"s\", \"datatype\": \"BYTES\", \"shape\": [1],"
                + " \"parameters\": {\"binary_data_size\": 6}}]}";
        byte[] truncated = {9, 0, 0, 0, 'a', 'b'};
        HttpResponse<String> cut = post(OipRestTest.concat(bytes.getBytes(StandardCharsets.UTF_8), truncated),
                "Inference-Header-Content-Length", Integer.toString(bytes.length()));
        assertThat(cut.statusCode()).isEqualTo(400);
        assertThat(cut.body()).contains("4-byte little-endian length");
    }

    @Test
    void aBodyOverTheLimitIsA400InTheProtocolsShape() throws Exception {
        HttpResponse<String> response = post(new byte[(int) OipServer.BODY_LIMIT + 1]);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").textValue()).contains("larger than the limit");
    }

    static Stream<Long> seeds() {
        return Stream.iterate(1L, s -> s + 1).limit(60);
    }

    /** Random damage to a valid request: answered 200 or 4xx in the protocol's shape, and the server keeps serving. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomDamageNeverBreaksTheServer(long seed) throws Exception {
        Random random = new Random(seed);
        byte[] body = damage(VALID.getBytes(StandardCharsets.UTF_8), random);
        HttpResponse<String> response = post(body, "content-type", "application/json");
        assertThat(response.statusCode()).as("%s -> %s", new String(body, StandardCharsets.UTF_8), response.body())
                .isIn(200, 400);
        if (response.statusCode() == 400) {
            assertThat(JSON.readTree(response.body()).get("error").isTextual()).isTrue();
            assertThat(response.body()).as("a message for users, not a stack").doesNotContain("Exception");
        }
        assertThat(post(VALID.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
    }

    private static byte[] damage(byte[] valid, Random random) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : valid) {
            bytes.add(b);
        }
        int edits = 1 + random.nextInt(4);
        String alphabet = "{}[]\",:0123456789-.eE truefalsnul\\";
        for (int i = 0; i < edits && !bytes.isEmpty(); i++) {
            int at = random.nextInt(bytes.size());
            switch (random.nextInt(4)) {
                case 0 -> bytes.remove(at);
                case 1 -> bytes.add(at, (byte) alphabet.charAt(random.nextInt(alphabet.length())));
                case 2 -> bytes.set(at, (byte) alphabet.charAt(random.nextInt(alphabet.length())));
                default -> bytes.subList(at, bytes.size()).clear();
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }
}
