package io.aiges.server.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.engine.ClientNumbers;
import io.aiges.server.AigesServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST protocol's numbers, over a real socket: {@code 1e5000000} and its kind in a tensor's
 * data (read from tokens or through a tree) or in any parameters get a quick, short 400, the same
 * rule as AIGES bodies ({@link ClientNumbers}), instead of an infinity or seconds of work.
 */
class OipClientInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> HUGE = List.of("1e5000000", "1e999999999", "-1e-999999999", "1E+2147483647",
            "0.0e-99999999999");
    private static final Duration QUICK = Duration.ofSeconds(2);
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

    private static String request(String parameters, String datatype, String data, String inputParameters,
                                  String outputParameters) {
        return """
                {"id": "n", "parameters": {%s},
                 "inputs": [{"name": "x", "datatype": "%s", "shape": [2], "data": [1, %s], "parameters": {%s}}],
                 "outputs": [{"name": "x", "parameters": {%s}}]}"""
                .formatted(parameters, datatype, data, inputParameters, outputParameters);
    }

    /** A valid request with {@code <n>} where a number goes; true where the body is read through a tree. */
    static Stream<Arguments> places() {
        return Stream.of(
                Arguments.of("FP32 data", request("", "FP32", "<n>", "", ""), false),
                Arguments.of("FP64 data, read as a tree", request("", "FP64", "<n>", "", ""), true),
                Arguments.of("INT32 data", request("", "INT32", "<n>", "", ""), false),
                Arguments.of("request parameters", request("\"k\": <n>", "FP32", "2", "", ""), false),
                Arguments.of("input parameters", request("", "FP32", "2", "\"k\": <n>", ""), false),
                Arguments.of("output parameters", request("", "FP32", "2", "", "\"k\": <n>"), false),
                Arguments.of("the id", request("", "FP32", "2", "", "").replace("\"n\"", "<n>"), false));
    }

    private static HttpResponse<String> post(String body, boolean tree) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                + "/v2/models/echo/infer")).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (tree) {
            // The binary extension's header, with no binary data: the tree path reads such a request.
            request.header("Inference-Header-Content-Length", Integer.toString(bytes.length));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("places")
    void hugeExponentsAreAQuickShort400(String place, String template, boolean tree) throws Exception {
        for (String huge : HUGE) {
            long start = System.nanoTime();
            HttpResponse<String> response = post(template.replace("<n>", huge), tree);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(place + " " + huge).isLessThan(QUICK);
            assertThat(response.statusCode()).as("%s %s: %s", place, huge, response.body()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("error").textValue()).as(place + " " + huge)
                    .contains("plain decimal").hasSizeLessThan(300).doesNotContain("Exception");
        }
    }

    /** Seeded, exponents on both sides of the bound, read from tokens and as a tree: the engine's double, or a 400. */
    @ParameterizedTest(name = "tree {0}")
    @MethodSource("bothPaths")
    void randomNumbersReachTheEngineAsTheirDoubleOrAreRefused(boolean tree) throws Exception {
        Random random = new Random(tree ? 11 : 12);
        int seen = 0;
        int refused = 0;
        for (int n = 0; n < 120; n++) {
            String number = (random.nextBoolean() ? "-" : "") + (1 + random.nextInt(999)) + "." + random.nextInt(1000)
                    + "e" + (random.nextInt(6001) - 3000);
            BigDecimal value = new BigDecimal(number);
            HttpResponse<String> response = post(request("", "FP64", number, "", ""), tree);
            if (ClientNumbers.fits(value)) {
                assertThat(response.statusCode()).as("%s: %s", number, response.body()).isEqualTo(200);
                JsonNode data = JSON.readTree(response.body()).at("/outputs/0/data");
                // asDouble: an infinity (1e400 fits the bound, not a double) is written as the string "Infinity".
                assertThat(data.get(1).asDouble()).as(number).isEqualTo(value.doubleValue());
                seen++;
            } else {
                assertThat(response.statusCode()).as("%s: %s", number, response.body()).isEqualTo(400);
                refused++;
            }
        }
        assertThat(seen).isGreaterThan(15);
        assertThat(refused).isGreaterThan(15);
    }

    static Stream<Boolean> bothPaths() {
        return Stream.of(false, true);
    }

    static Stream<Arguments> longNames() {
        String big = "n".repeat(40_000);
        return Stream.of(
                Arguments.of("a tensor name, with too many elements", request("", "FP32", "2, 3", "", "")
                        .replace("\"name\": \"x\", \"datatype\"", "\"name\": \"" + big + "\", \"datatype\"")),
                Arguments.of("a tensor name, with a wrong element", request("", "INT8", "\"two\"", "", "")
                        .replace("\"name\": \"x\"", "\"name\": \"" + big + "\"")),
                Arguments.of("a datatype", request("", big, "2", "", "")),
                Arguments.of("an element", request("", "FP32", "\"" + big + "\"", "", "")),
                Arguments.of("an output name", request("", "FP32", "2", "", "").replace("[{\"name\": \"x\", \"parameters\"",
                        "[{\"name\": \"" + big + "\", \"parameters\"")));
    }

    /** An error quotes a client's value by its start and length, whichever value it is. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("longNames")
    void longValuesAreEchoedCutShort(String what, String body) throws Exception {
        HttpResponse<String> response = post(body, false);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").textValue()).as(what)
                .contains(" chars)").hasSizeLessThan(300).doesNotContain("Exception");
    }

    @Test
    void ordinaryFloatsStillRoundTrip() throws Exception {
        HttpResponse<String> response = post(request("\"k\": 0.5", "FP64", "0.1", "", ""), false);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/outputs/0/data").toString()).isEqualTo("[1.0,0.1]");
    }
}
