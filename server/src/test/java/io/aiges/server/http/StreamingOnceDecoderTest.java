package io.aiges.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.DataItem;
import io.aiges.engine.AigesException;
import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.OutputSpec;
import io.aiges.server.SeededDamage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token-by-token reading must give exactly what the tree walk gives: the same request, or (by
 * handing over to the tree walk) the same error. Checked over seeded random requests built from
 * the shapes clients send, with the scalars, duplicates, containers and damage that make the two
 * readings differ if one is wrong.
 */
class StreamingOnceDecoderTest {
    private static final ObjectMapper MAPPER = Json.mapper(1 << 20);
    private static final OnceRequestDecoder DECODER = new OnceRequestDecoder(MAPPER);
    private static final StreamingOnceDecoder STREAMING = new StreamingOnceDecoder(MAPPER.getFactory());
    private static final String SERVICE = "svcName";

    @Test
    void theSeedRequestIsReadWithoutTheTree() throws Exception {
        byte[] seed = OnceRequestDecoderTest.seed();
        OnceRequest fast = STREAMING.tryDecode(seed, SERVICE, "sid-1");
        assertThat(fast).isNotNull();
        assertThat(describe(fast)).isEqualTo(describe(DECODER.decodeTree(seed, SERVICE, "sid-1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"header\": {\"a\": 1, \"a\": 2}}",
            "{\"header\": {}, \"header\": {\"x\": \"y\"}}",
            "{\"payload\": {\"in\": {\"text\": \"aGk=\", \"text\": \"aGk=\"}}}",
            "{\"parameter\": {\"svcName\": {\"x\": [1, 2.50]}}}",
            "{\"payload\": {\"in\": {\"text\": {\"nested\": 1}}}}",
            "{\"header\": {}} {}",
            "[]",
            ""})
    void unusualShapesAreLeftToTheTree(String body) {
        assertThat(STREAMING.tryDecode(body.getBytes(StandardCharsets.UTF_8), SERVICE, "s")).isNull();
        sameOutcome(body.getBytes(StandardCharsets.UTF_8));
    }

    static LongStream seeds() {
        return LongStream.range(0, 400);
    }

    /** Random well-formed requests: the streaming reading handles most, and agrees on all. */
    @ParameterizedTest
    @MethodSource("seeds")
    void randomRequestsReadTheSameBothWays(long seed) {
        Random random = new Random(seed);
        byte[] body = request(random).getBytes(StandardCharsets.UTF_8);
        sameOutcome(body);
    }

    /** The same requests, damaged: cut short, a byte changed, or a byte dropped. */
    @ParameterizedTest
    @MethodSource("seeds")
    void damagedRequestsFailTheSameBothWays(long seed) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        byte[] body = request(random).getBytes(StandardCharsets.UTF_8);
        byte[] damaged = SeededDamage.of(body, random, "{}[]\",:0a \\");
        sameOutcome(damaged);
    }

    @Test
    void mostRandomRequestsTakeTheFastWay() {
        int fast = 0;
        for (long seed = 0; seed < 400; seed++) {
            byte[] body = request(new Random(seed)).getBytes(StandardCharsets.UTF_8);
            if (STREAMING.tryDecode(body, SERVICE, "s") != null) {
                fast++;
            }
        }
        assertThat(fast).as("requests read without the tree, of 400").isGreaterThan(200);
    }

    private static void sameOutcome(byte[] body) {
        String viaTree = outcome(() -> DECODER.decodeTree(body, SERVICE, "sid-x"));
        String viaDecoder = outcome(() -> DECODER.decode(body, SERVICE, "sid-x"));
        assertThat(viaDecoder).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(viaTree);
    }

    private interface Decoding {
        OnceRequest run();
    }

    private static String outcome(Decoding decoding) {
        try {
            return describe(decoding.run());
        } catch (AigesException e) {
            return "error " + e.code() + ": " + e.getMessage();
        }
    }

    /** Everything a request carries, in a comparable form (byte arrays as base64, maps sorted). */
    private static String describe(OnceRequest request) {
        List<String> parts = new ArrayList<>();
        parts.add("headers " + new TreeMap<>(request.headers()));
        parts.add("params " + request.params().values());
        for (DataItem item : request.inputs()) {
            parts.add("input " + item.key() + " " + item.type() + " " + item.status() + " "
                    + item.descriptors().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).toList()
                    + " " + Base64.getEncoder().encodeToString(item.data()));
        }
        for (OutputSpec spec : request.expect()) {
            parts.add("expect " + spec.name() + " " + spec.type() + " " + new TreeMap<>(spec.descriptors()));
        }
        return String.join("\n", parts);
    }

    // ---- random requests ---------------------------------------------------------------------

    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "12345678901234567890", "1.50", "0.0", "0.00",
            "-0.0", "1e3", "1E-2", "2.5e+1", "3.14159265358979323846", "100"};
    private static final String[] WORDS = {"a", "appid", "encoding", "utf8", "编码", "sp ace", "q\\\"uote",
            "esc\\u0041ped", "data_type", "status", "seq", "text", ""};

    private static String request(Random random) {
        StringBuilder json = new StringBuilder("{");
        List<String> members = new ArrayList<>();
        if (random.nextInt(5) > 0) {
            members.add("\"header\": " + (random.nextInt(12) == 0 ? "null" : object(random, 4, false)));
        }
        if (random.nextInt(5) > 0) {
            members.add("\"parameter\": " + parameter(random));
        }
        if (random.nextInt(5) > 0) {
            members.add("\"payload\": " + payload(random));
        }
        if (random.nextInt(4) == 0) {
            members.add("\"extra\": " + object(random, 2, true));
        }
        java.util.Collections.shuffle(members, random);
        json.append(String.join(random.nextBoolean() ? "," : ",\n  ", members));
        return json.append("}").toString();
    }

    private static String parameter(Random random) {
        List<String> members = new ArrayList<>();
        if (random.nextInt(6) > 0) {
            List<String> own = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                own.add("\"p" + i + "\": " + scalar(random, random.nextInt(10) == 0));
            }
            for (int i = random.nextInt(3); i > 0; i--) {
                String type = switch (random.nextInt(5)) {
                    case 0 -> "null";
                    case 1 -> "\"image\"";
                    case 2 -> "\"nonsense\"";
                    default -> "\"text\"";
                };
                own.add("\"out" + i + "\": {\"encoding\": \"utf8\", \"data_type\": " + type
                        + (random.nextBoolean() ? ", \"format\": " + scalar(random, false) : "") + "}");
            }
            members.add("\"" + SERVICE + "\": " + (random.nextInt(15) == 0 ? "null" : "{" + String.join(", ", own) + "}"));
        }
        if (random.nextBoolean()) {
            members.add("\"otherService\": " + object(random, 3, true));
        }
        return "{" + String.join(", ", members) + "}";
    }

    private static String payload(Random random) {
        List<String> items = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            String field = switch (random.nextInt(6)) {
                case 0 -> "audio";
                case 1 -> "image";
                case 2 -> "video";
                case 3 -> "other";
                default -> "text";
            };
            // Sometimes with line breaks, as a MIME encoder writes them (escaped in the JSON string).
            String encoded = random.nextInt(8) == 0 ? Base64.getMimeEncoder(8, new byte[]{'\n'})
                    .encodeToString(data).replace("\n", "\\n") : Base64.getEncoder().encodeToString(data);
            List<String> members = new ArrayList<>();
            members.add("\"" + field + "\": \"" + encoded + "\"");
            if (random.nextBoolean()) {
                members.add("\"status\": " + (random.nextInt(6) == 0 ? "\"2\"" : Integer.toString(random.nextInt(4))));
            }
            if (random.nextBoolean()) {
                members.add("\"encoding\": " + scalar(random, false));
            }
            if (random.nextInt(10) == 0) {
                members.add("\"status\": 9"); // out of range or a duplicate: both for the tree
            }
            java.util.Collections.shuffle(members, random);
            items.add("\"in" + i + "\": {" + String.join(", ", members) + "}");
        }
        return "{" + String.join(", ", items) + "}";
    }

    private static String object(Random random, int size, boolean containers) {
        List<String> members = new ArrayList<>();
        for (int i = random.nextInt(size + 1); i > 0; i--) {
            members.add("\"" + WORDS[random.nextInt(WORDS.length)] + i + "\": " + scalar(random, containers));
        }
        return "{" + String.join(", ", members) + "}";
    }

    private static String scalar(Random random, boolean containers) {
        return switch (random.nextInt(containers ? 8 : 6)) {
            case 0 -> NUMBERS[random.nextInt(NUMBERS.length)];
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> "null";
            case 6 -> "[1, \"two\", 3.50, null]";
            case 7 -> "{\"k\": [true, 1E2]}";
            default -> "\"" + WORDS[random.nextInt(WORDS.length)] + "\"";
        };
    }
}
