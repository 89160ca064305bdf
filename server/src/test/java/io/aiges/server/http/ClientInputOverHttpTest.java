package io.aiges.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.engine.ClientNumbers;
import io.aiges.engine.config.PoolConfig;
import io.aiges.server.TestServer;
import io.aiges.server.engines.EchoEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers no client should be able to make expensive, over a real socket: every place of an AIGES
 * body that takes a number answers {@code 1e5000000} and its kind with a quick, short 400 (10107),
 * and ordinary numbers still reach the engine exactly as written.
 */
class ClientInputOverHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> HUGE = List.of("1e5000000", "1e999999999", "-1e-999999999", "1E+2147483647",
            "0.0e-99999999999");
    /** A liveness bound, not a benchmark: writing out 1e5000000 once took 4.5 s. */
    private static final Duration QUICK = Duration.ofSeconds(2);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.javaEngine(EchoEngine.class, new PoolConfig(2, 10, Duration.ofSeconds(5)),
                Duration.ofSeconds(10), 64 * 1024);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A valid request with {@code <n>} where a number goes, for every place of a body that reads numbers. */
    static Stream<Arguments> places() {
        return Stream.concat(decodedPlaces(), Stream.of(
                // Checked against the engine's declaration when the engine is called, not when the body is read.
                Arguments.of("a declared integer parameter, as a string", body("", "\"sleepMs\": \"<n>\"", ""))));
    }

    /** The places read when the body is decoded: a job is refused there, before it is queued, as is a WebSocket frame. */
    static Stream<Arguments> decodedPlaces() {
        return Stream.of(
                Arguments.of("header", body("\"p\": <n>", "", "")),
                Arguments.of("parameter", body("", "\"p\": <n>", "")),
                Arguments.of("an output's descriptor", body("", "\"params\": {\"data_type\": \"text\", \"rate\": <n>}", "")),
                Arguments.of("payload status", body("", "", "\"status\": <n>")),
                Arguments.of("payload seq", body("", "", "\"seq\": <n>")),
                Arguments.of("payload encoding", body("", "", "\"encoding\": <n>")));
    }

    private static String body(String header, String parameter, String payload) {
        return """
                {"header": {"appid": "1"%s},
                 "parameter": {"svcName": {%s}},
                 "payload": {"data": {"other": "AQID"%s}}}"""
                .formatted(header.isEmpty() ? "" : ", " + header, parameter, payload.isEmpty() ? "" : ", " + payload);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("places")
    void hugeExponentsAreAQuickShort400(String place, String template) throws Exception {
        for (String huge : HUGE) {
            assertRefusedQuickly(place + " " + huge, () -> server.post("/v1/svcName", template.replace("<n>", huge)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodedPlaces")
    void hugeExponentsInAJobAreRefusedBeforeItIsQueued(String place, String template) throws Exception {
        for (String huge : HUGE) {
            String body = template.replace("<n>", huge);
            assertRefusedQuickly("job " + place + " " + huge, () -> server.post("/v1/svcName/jobs", body));
            String async = body.replace("\"appid\": \"1\"", "\"appid\": \"1\", \"downMethod\": \"async\"");
            assertRefusedQuickly("async " + place + " " + huge, () -> server.post("/v1/svcName", async));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodedPlaces")
    void hugeExponentsInAWebSocketFrameEndTheSessionWith10107(String place, String template) throws Exception {
        for (String huge : HUGE) {
            try (WsClient ws = new WsClient()) {
                ws.connect(server.port(), "/v1/svcName");
                long start = System.nanoTime();
                ws.send(template.replace("<n>", huge));
                JsonNode answer = JSON.readTree(ws.next());
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as(place + " " + huge).isLessThan(QUICK);
                assertShortRefusal(place + " " + huge, answer);
            }
        }
    }

    private interface Post {
        HttpResponse<String> send() throws Exception;
    }

    private static void assertRefusedQuickly(String what, Post post) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = post.send();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(what).isLessThan(QUICK);
        assertThat(response.statusCode()).as("%s: %s", what, response.body()).isEqualTo(400);
        assertShortRefusal(what, JSON.readTree(response.body()));
    }

    private static void assertShortRefusal(String what, JsonNode answer) {
        int code = answer.at("/header/code").asInt();
        String message = answer.at("/header/message").asText();
        assertThat(code).as("%s: %s", what, message).isEqualTo(10107);
        assertThat(message).as(what).hasSizeLessThan(300).doesNotContain("Exception");
    }

    /** Seeded: exponents on both sides of the bound; the engine sees the exact plain decimal, or the client a 10107. */
    @Test
    void randomNumbersReachTheEngineExactlyOrAreRefused() throws Exception {
        Random random = new Random(20261202);
        int seen = 0;
        int refused = 0;
        for (int n = 0; n < 150; n++) {
            String number = (random.nextBoolean() ? "-" : "") + (1 + random.nextInt(999)) + "." + random.nextInt(1000)
                    + "e" + (random.nextInt(6001) - 3000);
            BigDecimal value = new BigDecimal(number);
            HttpResponse<String> response = server.post("/v1/svcName", body("", "\"p\": " + number, ""));
            JsonNode answer = JSON.readTree(response.body());
            if (ClientNumbers.fits(value)) {
                assertThat(response.statusCode()).as(number).isEqualTo(200);
                String plain = value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
                assertThat(answer.at("/payload/params/text").asText()).as(number).contains("p=" + plain + "\n");
                seen++;
            } else {
                assertThat(response.statusCode()).as(number).isEqualTo(400);
                assertThat(answer.at("/header/code").asInt()).as(number).isEqualTo(10107);
                refused++;
            }
        }
        assertThat(seen).as("numbers within the bound").isGreaterThan(20);
        assertThat(refused).as("numbers beyond it").isGreaterThan(20);
    }

    @Test
    void ordinaryNumbersStillArriveAsWritten() throws Exception {
        HttpResponse<String> response = server.post("/v1/svcName", body("", "\"a\": 0.1, \"b\": 1.50, \"c\": 1E+3", ""));
        assertThat(JSON.readTree(response.body()).at("/payload/params/text").asText())
                .contains("a=0.1\n", "b=1.50\n", "c=1000\n");
    }

    static Stream<Arguments> hugeValues() {
        String big = "9".repeat(40_000);
        return Stream.of(
                Arguments.of("a status", "/v1/svcName", body("", "", "\"status\": \"" + big + "\"")),
                Arguments.of("a payload key", "/v1/svcName", "{\"payload\": {\"" + big + "\": 5}}"),
                Arguments.of("a token that is no JSON", "/v1/svcName", "{\"header\": t" + big + "}"),
                Arguments.of("a number too long for JSON", "/v1/svcName", "{\"header\": {\"p\": " + big + "}}"),
                Arguments.of("base64", "/v1/svcName", body("", "", "").replace("AQID", "*" + big)),
                Arguments.of("a service name", "/v1/" + "s".repeat(3000), body("", "", "")),
                Arguments.of("a job id", "/v1/jobs/" + "j".repeat(3000), ""),
                Arguments.of("a path no route serves", "/" + "x".repeat(3000), ""),
                Arguments.of("a path with the wrong method", "/health/live/" + "y".repeat(3000), "{}"));
    }

    /** An error quotes a client's value by its start and length: one answer once echoed a 1 GB string. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hugeValues")
    void hugeValuesAreEchoedCutShort(String what, String path, String body) throws Exception {
        HttpResponse<String> response = body.isEmpty() ? server.get(path) : server.post(path, body);
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        String message = JSON.readTree(response.body()).at("/header/message").asText();
        assertThat(message).as(what).isNotBlank().hasSizeLessThan(300).doesNotContain("Exception");
    }

    /** Seeded random damage, number-heavy, to a valid body: never a 500, never an exception's name, never a long echo. */
    @Test
    void damagedBodiesNeverGiveA500OrAnExceptionName() throws Exception {
        Random random = new Random(7);
        String valid = body("\"status\": 3, \"n\": 1.5e3", "\"sleepMs\": 0, \"rate\": 0.25", "\"status\": 3, \"seq\": 1");
        List<UnaryOperator<String>> damages = List.of(
                s -> s.replaceFirst("1\\.5e3", randomNumberText(random)),
                s -> s.replaceFirst("0\\.25", randomNumberText(random)),
                s -> s.replaceFirst("\"seq\": 1", "\"seq\": " + randomNumberText(random)),
                s -> s.replaceFirst("AQID", random.nextBoolean() ? "%%%%" : "A".repeat(1 + random.nextInt(9))),
                s -> s.substring(0, random.nextInt(s.length())),
                s -> {
                    int at = random.nextInt(s.length());
                    String alphabet = "{}[]\",:0123456789-.eE+";
                    return s.substring(0, at) + alphabet.charAt(random.nextInt(alphabet.length())) + s.substring(at + 1);
                });
        for (int n = 0; n < 300; n++) {
            String damaged = valid;
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                damaged = damages.get(random.nextInt(damages.size())).apply(damaged);
            }
            HttpResponse<String> response = server.post("/v1/svcName", damaged);
            assertThat(response.statusCode()).as("%s -> %s", damaged, response.body()).isIn(200, 400);
            assertThat(response.body()).as(damaged).doesNotContain("Exception").hasSizeLessThan(2000);
        }
    }

    private static String randomNumberText(Random random) {
        String[] parts = {"1e5000000", "-1e-999999999", "0.0e-99999999999", "1E+2147483647", "1e-2147483648",
                "12.5e" + (random.nextInt(8001) - 4000), "9".repeat(1 + random.nextInt(1100)), "1." + "0".repeat(random.nextInt(1200)),
                "-0", "1e", "--1", "0x10", "1.e5", "NaN", "Infinity"};
        return parts[random.nextInt(parts.length)];
    }
}
